// A small typed DSL that turns our data model into Directus 11 REST payloads
// (POST /collections, POST|PATCH /fields/:collection, POST /relations).
// Payload shapes follow runtime/directus/node_modules/@directus/api/dist/services
// (fields.js addColumnToTable, collections.js createOne) of Directus 11.17.4.

export type Label = { id: string; en: string };

export type FieldType =
  | 'string' | 'text' | 'integer' | 'bigInteger' | 'float' | 'boolean'
  | 'json' | 'timestamp' | 'dateTime' | 'date' | 'uuid' | 'alias';

/** Column properties we manage (vendor-neutral; see sanitize-schema.js). */
export type FieldSchema = {
  is_nullable?: boolean;
  is_unique?: boolean;
  is_indexed?: boolean;
  is_primary_key?: boolean;
  has_auto_increment?: boolean;
  default_value?: string | number | boolean | null;
  max_length?: number | null;
};

export type FieldMeta = {
  interface?: string | null;
  options?: Record<string, unknown> | null;
  display?: string | null;
  display_options?: Record<string, unknown> | null;
  special?: string[] | null;
  readonly?: boolean;
  hidden?: boolean;
  required?: boolean;
  sort?: number | null;
  width?: 'half' | 'half-left' | 'half-right' | 'full' | 'fill';
  group?: string | null;
  note?: string | null;
  translations?: Array<{ language: string; translation: string }> | null;
  validation?: Record<string, unknown> | null;
  validation_message?: string | null;
  searchable?: boolean;
  conditions?: FieldCondition[] | null;
};

/**
 * A form rule of the Directus app (app/src/utils/apply-conditions): when `rule`
 * (a filter with exactly one top-level key, evaluated against the form's current
 * values; `$CURRENT_USER.<field>` allowed) matches, these meta keys override the
 * field's. The last matching condition wins.
 */
export type FieldCondition = {
  name: string;
  rule: Record<string, unknown>;
  hidden?: boolean;
  readonly?: boolean;
  required?: boolean;
  options?: Record<string, unknown>;
  clear_hidden_value_on_save?: boolean;
};

export type FieldPayload = {
  field: string;
  type: FieldType;
  meta: FieldMeta;
  schema: FieldSchema | null;
};

export type OnDelete = 'SET NULL' | 'CASCADE' | 'RESTRICT' | 'NO ACTION';

export type RelationPayload = {
  collection: string;
  field: string;
  related_collection: string;
  meta: {
    one_field: string | null;
    sort_field: null;
    one_deselect_action: 'nullify' | 'delete';
  };
  schema: { on_delete: OnDelete };
};

export type CollectionDef = {
  collection: string;
  meta: {
    icon: string;
    note: string;
    hidden: boolean;
    singleton: boolean;
    display_template: string | null;
    sort_field: string | null;
    archive_field: string | null;
    archive_value: string | null;
    unarchive_value: string | null;
    translations: Array<{ language: string; translation: string; singular: string; plural: string }>;
    sort: number;
    group: string | null;
    accountability: 'all' | 'activity' | null;
  };
  fields: FieldPayload[];
  relations: RelationPayload[];
};

export type Choice = { value: string | number; id: string; en: string };

const tr = (label: Label) => [
  { language: 'id-ID', translation: label.id },
  { language: 'en-US', translation: label.en },
];

type Common = {
  label: Label;
  note?: string;
  width?: FieldMeta['width'];
  readonly?: boolean;
  hidden?: boolean;
  required?: boolean;
  group?: string;
  nullable?: boolean;
  unique?: boolean;
  indexed?: boolean;
  default?: string | number | boolean | null;
  options?: Record<string, unknown>;
  interface?: string;
  display?: string;
  display_options?: Record<string, unknown>;
  special?: string[];
  validation?: Record<string, unknown>;
  validation_message?: string;
  conditions?: FieldCondition[];
};

function build(field: string, type: FieldType, c: Common, defaults: Partial<FieldMeta>, schemaExtra: FieldSchema = {}): FieldPayload {
  const meta: FieldMeta = {
    interface: c.interface ?? defaults.interface ?? null,
    options: c.options ?? defaults.options ?? null,
    display: c.display ?? defaults.display ?? null,
    display_options: c.display_options ?? defaults.display_options ?? null,
    special: c.special ?? defaults.special ?? null,
    readonly: c.readonly ?? false,
    hidden: c.hidden ?? false,
    required: c.required ?? false,
    width: c.width ?? defaults.width ?? 'full',
    group: c.group ?? null,
    note: c.note ?? null,
    translations: tr(c.label),
    validation: c.validation ?? null,
    validation_message: c.validation_message ?? null,
    // Only when given, so fields without rules keep their payload (and the snapshot) unchanged.
    ...(c.conditions ? { conditions: c.conditions } : {}),
  };
  if (type === 'alias') return { field, type, meta, schema: null };
  const schema: FieldSchema = {
    is_nullable: c.nullable ?? !c.required,
    is_unique: c.unique ?? false,
    is_indexed: c.indexed ?? false,
    default_value: c.default ?? null,
    ...schemaExtra,
  };
  return { field, type, meta, schema };
}

/** Field builders. Each returns the payload for POST /fields/:collection. */
export const f = {
  string: (field: string, c: Common & { maxLength?: number }) =>
    build(field, 'string', c, { interface: 'input' }, { max_length: c.maxLength ?? 255 }),
  text: (field: string, c: Common) => build(field, 'text', c, { interface: 'input-multiline' }),
  integer: (field: string, c: Common) => build(field, 'integer', c, { interface: 'input' }),
  float: (field: string, c: Common) => build(field, 'float', c, { interface: 'input' }),
  boolean: (field: string, c: Common) =>
    build(field, 'boolean', { ...c, nullable: c.nullable ?? false, default: c.default ?? false }, {
      interface: 'boolean', special: ['cast-boolean'], display: 'boolean',
      options: { label: c.label.id },
    }),
  json: (field: string, c: Common) =>
    build(field, 'json', c, { interface: 'input-code', special: ['cast-json'], options: { language: 'json' } }),
  timestamp: (field: string, c: Common) =>
    build(field, 'timestamp', c, { interface: 'datetime', special: ['cast-timestamp'], display: 'datetime', width: 'half' }),
  date: (field: string, c: Common) => build(field, 'date', c, { interface: 'datetime', display: 'datetime', width: 'half' }),
  /** Set by Directus on create (special date-created), shown read-only. */
  dateCreated: (field = 'date_created') =>
    build(field, 'timestamp', { label: { id: 'Dibuat', en: 'Created' }, readonly: true, hidden: true, indexed: false }, {
      special: ['date-created', 'cast-timestamp'], interface: 'datetime', display: 'datetime', display_options: { relative: true }, width: 'half',
    }),
  dateUpdated: (field = 'date_updated') =>
    build(field, 'timestamp', { label: { id: 'Diubah', en: 'Updated' }, readonly: true, hidden: true }, {
      special: ['date-updated', 'cast-timestamp'], interface: 'datetime', display: 'datetime', display_options: { relative: true }, width: 'half',
    }),
  /** An enum as a string column with an Indonesian select-dropdown and labelled display. */
  choice: (field: string, choices: Choice[], c: Common) =>
    build(field, 'string', c, {
      interface: 'select-dropdown',
      options: { choices: choices.map((ch) => ({ text: ch.id, value: ch.value })) },
      display: 'labels',
      display_options: { choices: choices.map((ch) => ({ text: ch.id, value: ch.value })) },
      width: 'half',
    }, { max_length: 64 }),
  /** Many-to-one: the FK column; the relation is declared with `rel.m2o`. */
  m2o: (field: string, keyType: 'string' | 'integer' | 'uuid', template: string, c: Common) =>
    build(field, keyType, c, {
      interface: 'select-dropdown-m2o', special: ['m2o'], options: { template },
      display: 'related-values', display_options: { template }, width: 'half',
    }, keyType === 'string' ? { max_length: 255 } : {}),
  file: (field: string, c: Common) =>
    build(field, 'uuid', c, { interface: 'file', special: ['file'], display: 'file', width: 'full' }),
  /** One-to-many alias (no column). */
  o2m: (field: string, template: string, c: Common) =>
    build(field, 'alias', c, {
      interface: 'list-o2m', special: ['o2m'], options: { template, enableCreate: true, enableSelect: false },
      display: 'related-values', display_options: { template },
    }),
  /** A presentation alias (no column, no data): an interface that shows or does something on the form. */
  presentation: (field: string, iface: string, c: Common) =>
    build(field, 'alias', { ...c, interface: iface }, { special: ['alias', 'no-data'] }),
  /** A group (form section) alias. */
  group: (field: string, c: Common) =>
    build(field, 'alias', c, { interface: 'group-detail', special: ['alias', 'no-data', 'group'], options: { start: 'open' } }),
};

export const rel = {
  m2o: (collection: string, field: string, related: string, onDelete: OnDelete, oneField: string | null = null): RelationPayload => ({
    collection, field, related_collection: related,
    meta: { one_field: oneField, sort_field: null, one_deselect_action: 'nullify' },
    schema: { on_delete: onDelete },
  }),
};

export type PrimaryKey =
  | { kind: 'integer' }
  | { kind: 'uuid' }
  | { kind: 'string'; field: string; label: Label; maxLength?: number; note?: string };

export function primaryKey(pk: PrimaryKey): FieldPayload {
  if (pk.kind === 'integer') {
    return {
      field: 'id', type: 'integer',
      meta: { interface: 'input', readonly: true, hidden: true, special: null, translations: tr({ id: 'ID', en: 'ID' }) },
      schema: { is_primary_key: true, has_auto_increment: true, is_nullable: false },
    };
  }
  if (pk.kind === 'uuid') {
    return {
      field: 'id', type: 'uuid',
      meta: { interface: 'input', readonly: true, hidden: true, special: ['uuid'], translations: tr({ id: 'ID', en: 'ID' }) },
      schema: { is_primary_key: true, has_auto_increment: false, is_nullable: false },
    };
  }
  return {
    field: pk.field, type: 'string',
    meta: {
      interface: 'input', readonly: false, hidden: false, required: true, special: null, width: 'half',
      note: pk.note ?? null, translations: tr(pk.label), options: { font: 'monospace' },
    },
    schema: { is_primary_key: true, has_auto_increment: false, is_nullable: false, max_length: pk.maxLength ?? 255 },
  };
}

export type CollectionSpec = {
  collection: string;
  label: Label & { singular?: Label; plural?: Label };
  icon: string;
  note: string;
  pk: PrimaryKey;
  displayTemplate?: string;
  hidden?: boolean;
  singleton?: boolean;
  sortField?: string;
  sort: number;
  fields: FieldPayload[];
  relations?: RelationPayload[];
};

/** Assemble a collection: PK first, then the given fields with `meta.sort` in declaration order. */
export function defineCollection(spec: CollectionSpec): CollectionDef {
  const singular = spec.label.singular ?? spec.label;
  const plural = spec.label.plural ?? spec.label;
  const fields = [primaryKey(spec.pk), ...spec.fields].map((fp, i) => ({ ...fp, meta: { ...fp.meta, sort: i + 1 } }));
  return {
    collection: spec.collection,
    meta: {
      icon: spec.icon,
      note: spec.note,
      hidden: spec.hidden ?? false,
      singleton: spec.singleton ?? false,
      display_template: spec.displayTemplate ?? null,
      sort_field: spec.sortField ?? null,
      archive_field: null,
      archive_value: null,
      unarchive_value: null,
      translations: [
        { language: 'id-ID', translation: spec.label.id, singular: singular.id, plural: plural.id },
        { language: 'en-US', translation: spec.label.en, singular: singular.en, plural: plural.en },
      ],
      sort: spec.sort,
      group: null,
      accountability: 'all',
    },
    fields,
    relations: spec.relations ?? [],
  };
}
