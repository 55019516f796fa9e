// The SLA pieces of the admin app stay in step with core and the model:
// the escalation repeater offers exactly core's stages and audiences, and the
// overdue panel and bookmark only name complaint fields that exist.
import { Audience, ReminderStage, reminderSteps, sendWindow } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from './access.ts';
import { complaints } from './collections/reports.ts';
import { ESCALATION_LIST_OPTIONS, settings, slaPolicies } from './collections/reference.ts';
import { PANELS } from './dashboards.ts';
import { PRESETS } from './presets.ts';

const choicesOf = (name: string) =>
  (ESCALATION_LIST_OPTIONS.fields.find((f) => f.field === name)!.meta as { options: { choices: { value: string; text: string }[] } }).options.choices;
const complaintFields = new Set(complaints.fields.map((f) => f.field));
const templateFields = (t: string) => [...t.matchAll(/{{\s*([a-z_]+)/g)].map((m) => m[1]!);

describe('SLA policy editing', () => {
  it('the escalation field is a repeater whose dropdowns hold exactly core values, labelled in Indonesian', () => {
    const field = slaPolicies.fields.find((f) => f.field === 'escalation')!;
    expect(field.meta.interface).toBe('list');
    expect(choicesOf('stage').map((c) => c.value)).toEqual(ReminderStage.options);
    expect(choicesOf('notify').map((c) => c.value)).toEqual(Audience.options);
    expect(choicesOf('stage').map((c) => c.text)).toEqual(['Verifikasi', 'Tanggapan', 'Penyelesaian']);
    expect(choicesOf('notify').map((c) => c.text)).toEqual(['Verifikator', 'Petugas OPD', 'Kepala OPD', 'Pimpinan']);
    // What the repeater saves is what the scan parses.
    expect(reminderSteps([{ stage: 'respond', notify: 'agency_head', after_days: 0 }])).toHaveLength(1);
  });

  it('the settings defaults are a valid sending window', () => {
    const def = (name: string) => settings.fields.find((f) => f.field === name)!.schema!.default_value;
    const w = sendWindow({
      reminder_send_from: def('reminder_send_from') as string,
      reminder_send_until: def('reminder_send_until') as string,
      reminder_quiet_days_off: def('reminder_quiet_days_off') as boolean,
    });
    expect(w).toEqual({ send_from: '07:00', send_until: '18:00', quiet_days_off: true });
  });
});

describe('overdue in the admin app', () => {
  it('the Dasbor Pimpinan list shows ticket, agency, stage and days late of flagged reports, most late first', () => {
    const list = PANELS.find((p) => p.type === 'list' && p.name === 'Laporan lewat batas')!;
    const o = list.options as { collection: string; sortField: string; sortDirection: string; displayTemplate: string; filter: unknown };
    expect(o).toMatchObject({ collection: 'complaints', sortField: 'days_late', sortDirection: 'desc' });
    expect(templateFields(o.displayTemplate)).toEqual(['ticket', 'assigned_agency', 'overdue_stage', 'days_late']);
    for (const f of [o.sortField, ...templateFields(o.displayTemplate)]) expect(complaintFields.has(f), f).toBe(true);
    expect(JSON.stringify(o.filter)).toContain('"overdue":{"_eq":true}');
    // The metric counts the same reports.
    expect(PANELS.find((p) => p.name === 'Lewat batas waktu')!.options['filter']).toEqual(o.filter);
  });

  it("the verifikator's overdue bookmark shows and sorts by working days late", () => {
    const b = PRESETS.find((p) => p.bookmark === 'Lewat batas waktu' && p.role === ROLE_IDS.verifikator)!;
    const tab = (b.layout_query as { tabular: { sort: string[]; fields: string[] } }).tabular;
    expect(tab.sort).toEqual(['-days_late']);
    expect(tab.fields).toContain('days_late');
    for (const f of tab.fields) expect(complaintFields.has(f), f).toBe(true);
  });
});
