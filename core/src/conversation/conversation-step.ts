import { channelOfAddress } from '../channels.ts';
import { suggestCategories } from '../category-suggest.ts';
import type { Category, ComplaintType, Locale } from '../model.ts';
import { STATUS_LABELS, statusKind } from '../statuses.ts';
import { confidentCategory } from '../triage/learned-route.ts';
import { rtRwOf } from '../rt-rw.ts';
import { noiseReason } from '../triage/noise.ts';
import { buttonMessage, listMessage, textMessage, type SendMessage } from '../whatsapp/outbound.ts';
import { isKnownMessage, messageMedia, messageText, replyId, type InboundMessage } from '../whatsapp/webhook.ts';
import { checkFlood } from './flood.ts';
import {
  isDone,
  parseChoiceNumber,
  parseCommand,
  parseSummaryAnswer,
  parseType,
  parseYesNo,
  wantsMeeting,
  words,
  type Command,
} from './intents.ts';
import { meetingDayLabel, type OpenDay } from '../appointments/open-days.ts';
import { detectLocale } from './locale-detect.ts';
import { matchPlace } from './place-match.ts';
import { placeOfPin } from './pin-place.ts';
import { say } from './texts.ts';
import {
  ConversationState,
  InboundEvent,
  StepContext,
  type AppointmentDraft,
  type ConversationStepName,
  type Draft,
  type NewBooking,
  type DraftMedia,
  type Effect,
  type NewReport,
  type OwnAppointment,
  type OwnReport,
  type ParsedStepContext,
  type StepResult,
} from './types.ts';

// The WhatsApp intake as one pure step: (conversation row, one inbound
// message, context) -> (new row, replies, effects). The adapter (n8n node)
// loads the context, saves the row, sends the replies and performs the
// effects; nothing here does I/O. The conversation fills a draft from
// whatever the citizen sends (text, pin, photo) and always asks only for the
// first thing still missing, so a first message that already tells the story
// skips most questions (the intake's goal: a routable report in <= 6 messages).

/** Fields each report type needs, in the order they are asked. */
const PLAN: Record<ComplaintType, readonly Field[]> = {
  pengaduan: ['description', 'category', 'place', 'media', 'confidential'],
  aspirasi: ['description', 'category', 'confidential'],
  saran: ['description', 'category', 'confidential'],
  informasi: ['description', 'category'],
};
type Field = 'type' | 'description' | 'category' | 'place' | 'media' | 'confidential';

const TYPES: readonly ComplaintType[] = ['pengaduan', 'aspirasi', 'saran', 'informasi'];
// 'meet' last, so the numbers citizens learnt for the others stay the same.
const MENU = ['report', 'aspiration', 'info', 'status', 'help', 'meet'] as const;
type MenuChoice = (typeof MENU)[number];
/** The catch-all category offered on every page of the list ("Kalau bingung, pilih Lainnya"). */
const FALLBACK_CATEGORIES = ['LAINNYA', 'OTHER'];
const CATEGORY_PAGE = 8;
const UNSUPPORTED = new Set(['sticker', 'contacts', 'unsupported']);
/**
 * Not chat turns (inbound-handling.ts gives each its own treatment): no reply
 * and the conversation row is left exactly as it was, even if one reaches here.
 */
const NOT_A_TURN = new Set(['reaction', 'system', 'edit', 'revoke']);
/** Which reply-button namespace each step is waiting for; any other id is a stale button. */
const BUTTONS_OF: Partial<Record<ConversationStepName, string>> = {
  ask_type: 'type',
  ask_category: 'cat',
  confirm_place: 'place',
  choose_place: 'place',
  ask_media: 'media',
  ask_confidential: 'conf',
  confirm: 'sum',
  choose_edit: 'edit',
  appt_day: 'appt',
  appt_confirm: 'appt',
};

/** Everything one step reads and writes; handlers below mutate it. */
type Turn = {
  ctx: ParsedStepContext;
  now: Date;
  to: string;
  name: string | null;
  locale: Locale;
  conv: ConversationState;
  replies: SendMessage[];
  effects: Effect[];
};

const EMPTY: ConversationState = { state: 'idle', draft: null, appointment: null, locale: null, last_inbound_at: null, flood: null };

export function conversationStep(
  state: ConversationState | null,
  inbound: InboundEvent,
  context: StepContext,
): StepResult {
  const ctx = StepContext.parse(context);
  const event = InboundEvent.parse(inbound);
  const now = new Date(ctx.now);
  const conv = ConversationState.parse(state ?? EMPTY);
  if (ctx.blocked) return { state: conv, replies: [], effects: [{ kind: 'ignore', reason: 'blocked' }] };
  if (NOT_A_TURN.has(event.message.type) || event.message.group_id !== undefined) {
    return { state: conv, replies: [], effects: [{ kind: 'ignore', reason: 'not_a_turn' }] };
  }

  const flood = checkFlood(conv.flood, now, event.message.id, ctx.limits.flood_per_minute);
  if (flood.verdict === 'duplicate') return { state: conv, replies: [], effects: [{ kind: 'ignore', reason: 'duplicate' }] };

  const typed = event.message.type === 'text' ? messageText(event.message) : null;
  const locale = conv.locale ?? detectLocale(typed) ?? ctx.citizen_locale ?? null;
  const turn: Turn = {
    ctx,
    now,
    to: event.wa_id,
    name: event.name ?? null,
    locale: locale ?? 'id',
    conv: { ...conv, appointment: conv.appointment ?? null, locale, flood: flood.state, last_inbound_at: now.toISOString() },
    replies: [],
    effects: [],
  };

  if (flood.verdict === 'warn') {
    sendText(turn, text(turn, 'system.flood_warning', { minutes: 1 }));
    turn.effects.push({ kind: 'ignore', reason: 'flood' });
  } else if (flood.verdict === 'quiet') {
    turn.effects.push({ kind: 'ignore', reason: 'flood' });
  } else if (!expireDraft(turn, event.message)) {
    route(turn, event.message);
  }
  if (turn.conv.draft) turn.conv.draft = { ...turn.conv.draft, updated_at: now.toISOString() };
  if (turn.conv.appointment) turn.conv.appointment = { ...turn.conv.appointment, updated_at: now.toISOString() };
  return { state: turn.conv, replies: turn.replies, effects: turn.effects };
}

// ——— dispatch ———

function route(turn: Turn, m: InboundMessage): void {
  if (!isKnownMessage(m) || UNSUPPORTED.has(m.type)) return unsupported(turn, m.type);
  // The citizen opened the chat for the first time: greet with the menu, as for "Halo".
  if (m.type === 'request_welcome') return reAsk(turn);
  const id = replyId(m);
  if (id !== null) return onButton(turn, id);
  if (m.type === 'interactive') return unsupported(turn, m.type);
  if (m.type === 'location') return onLocation(turn, m.location);
  const media = messageMedia(m);
  if (media) {
    return onMedia(turn, {
      wa_media_id: media.id,
      kind: media.kind,
      mime_type: media.mime_type ?? null,
      caption: media.caption ?? null,
    });
  }
  const said = messageText(m)?.trim();
  if (!said) return unsupported(turn, m.type);
  const command = parseCommand(said, turn.ctx.ticket_prefix);
  if (command) return onCommand(turn, command);
  return onText(turn, said);
}

function unsupported(turn: Turn, type: string): void {
  sendText(turn, text(turn, 'system.unsupported_message', { type }));
}

/** A draft left for longer than the TTL is dropped with a notice; true when that used up the message. */
function expireDraft(turn: Turn, m: InboundMessage): boolean {
  const appt = turn.conv.appointment;
  if (appt && turn.now.getTime() - Date.parse(appt.updated_at) > turn.ctx.limits.draft_ttl_hours * 3_600_000) {
    // A booking left half-way is dropped quietly: the next message starts afresh.
    turn.conv = { ...turn.conv, appointment: null, state: turn.conv.draft ? turn.conv.state : 'idle' };
  }
  const draft = turn.conv.draft;
  if (!draft) return false;
  const ttl = turn.ctx.limits.draft_ttl_hours * 3_600_000;
  if (turn.now.getTime() - Date.parse(draft.updated_at) <= ttl) return false;
  turn.conv = { ...turn.conv, draft: null, state: 'idle' };
  sendText(turn, text(turn, 'intake.draft_expired', { hours: turn.ctx.limits.draft_ttl_hours }));
  // A button from the expired draft means nothing any more: offer the menu.
  if (replyId(m) !== null) {
    showMenu(turn);
    return true;
  }
  return false;
}

function onCommand(turn: Turn, command: Command): void {
  const hasDraft = turn.conv.draft !== null;
  switch (command.kind) {
    case 'appointment_cancel':
      return cancelAppointment(turn, command.code);
    case 'appointment_move':
      return moveAppointment(turn, command.code);
    case 'cancel':
      if (turn.conv.appointment) return dropAppointment(turn);
      if (hasDraft) return cancelDraft(turn);
      sendText(turn, text(turn, 'intake.nothing_to_cancel'));
      return showMenu(turn);
    case 'menu':
      turn.conv = { ...turn.conv, appointment: null };
      if (hasDraft) {
        turn.conv = { ...turn.conv, draft: null };
        sendText(turn, text(turn, 'intake.menu_restart'));
      }
      return showMenu(turn);
    case 'help':
      return help(turn);
    case 'status':
      answerStatus(turn, command.ticket);
      if (hasDraft || turn.conv.appointment) reAsk(turn);
      return;
  }
}

function onButton(turn: Turn, id: string): void {
  const [ns = '', ...rest] = id.split(':');
  const arg = rest.join(':');
  const draft = turn.conv.draft;
  // Buttons that mean the same from any message, old or new.
  if (ns === 'menu' && arg === 'status') return answerStatusThenReAsk(turn, null);
  if (ns === 'menu' && arg === 'help') return help(turn);
  if (ns === 'cek') return answerStatusThenReAsk(turn, arg);
  if (ns === 'menu' && !draft && (MENU as readonly string[]).includes(arg)) return chooseMenu(turn, arg as MenuChoice);
  if (ns === 'appt') return onAppointmentButton(turn, arg);
  if (ns === 'sum' && arg === 'cancel' && draft) return cancelDraft(turn);
  if (!draft || BUTTONS_OF[turn.conv.state] !== ns) return stale(turn);

  switch (ns) {
    case 'type':
      if (!(TYPES as readonly string[]).includes(arg)) return stale(turn);
      return setType(turn, arg as ComplaintType);
    case 'cat':
      if (arg.startsWith('more:')) return askCategory(turn, Number(arg.slice(5)) || 0);
      if (!activeCategories(turn).some((c) => c.code === arg)) return stale(turn);
      return update(turn, { category: arg });
    case 'place':
      if (arg === 'yes' && draft.pending_place) return acceptPlace(turn, draft.pending_place);
      if (arg === 'no') return rejectPlace(turn);
      {
        const option = draft.place_options.find((p) => p.code === arg);
        return option ? acceptPlace(turn, option) : stale(turn);
      }
    case 'media':
      return update(turn, { media_done: true });
    case 'conf':
      return update(turn, { confidential: arg === 'yes' });
    case 'sum':
      return arg === 'send' ? submit(turn) : askEdit(turn);
    case 'edit':
      return editField(turn, arg as Field);
  }
  return stale(turn);
}

function onText(turn: Turn, said: string): void {
  if (turn.conv.appointment && turn.conv.state.startsWith('appt_')) return onAppointmentText(turn, said);
  const draft = turn.conv.draft;
  if (!draft) return onTextWithoutDraft(turn, said);
  switch (turn.conv.state) {
    case 'ask_type':
      return answerType(turn, said);
    case 'ask_category':
      return answerCategory(turn, said);
    case 'confirm_place': {
      const yes = parseYesNo(said);
      if (yes === true && draft.pending_place) return acceptPlace(turn, draft.pending_place);
      if (yes === false) return rejectPlace(turn);
      return answerPlace(turn, said);
    }
    case 'choose_place': {
      const n = parseChoiceNumber(said);
      const option = n ? draft.place_options[n - 1] : undefined;
      return option ? acceptPlace(turn, option) : answerPlace(turn, said);
    }
    case 'ask_place':
      return answerPlace(turn, said);
    case 'ask_media':
      if (isDone(said) || parseYesNo(said) === false) return update(turn, { media_done: true });
      // More of the story after the question moved on: keep it, the description is several messages.
      addStory(turn, said);
      return askMedia(turn);
    case 'ask_confidential': {
      const yes = parseYesNo(said);
      if (yes === null) return invalid(turn);
      return update(turn, { confidential: yes });
    }
    case 'confirm': {
      const answer = parseSummaryAnswer(said);
      if (answer === 'send') return submit(turn);
      if (answer === 'edit') return askEdit(turn);
      return invalid(turn);
    }
    case 'choose_edit':
      return answerEdit(turn, said);
    default:
      addStory(turn, said);
      return askNextOrNudge(turn);
  }
}

function onTextWithoutDraft(turn: Turn, said: string): void {
  const n = parseChoiceNumber(said);
  if (n !== null && turn.conv.state === 'menu' && MENU[n - 1]) return chooseMenu(turn, MENU[n - 1]!);
  if (wantsMeeting(said)) return startAppointment(turn, null);
  const ws = words(said);
  const type = parseType(said);
  // "lapor", "saya mau lapor", "I want to report something": start that kind of report.
  if (ws.length <= 12 && type && !looksLikeStory(turn, said)) {
    startDraft(turn, type);
    return askNext(turn);
  }
  if (looksLikeStory(turn, said)) {
    // One-shot: the first message already describes the problem. Keep it, ask only what is missing.
    startDraft(turn, type ?? 'pengaduan');
    addStory(turn, said);
    return askNext(turn);
  }
  return showMenu(turn);
}

function looksLikeStory(turn: Turn, said: string): boolean {
  if (said.length < turn.ctx.limits.min_description || words(said).length < 4) return false;
  return said.length >= 60 || suggestCategories(said, turn.ctx.categories).length > 0;
}

function onLocation(turn: Turn, loc: { latitude: number; longitude: number; name?: string; address?: string }): void {
  if (turn.conv.appointment) return invalid(turn);
  if (!turn.conv.draft) startDraft(turn, 'pengaduan');
  const address = [loc.name, loc.address].filter(Boolean).join(', ') || null;
  // The desa/kelurahan the pin falls in, so routing and the dashboard see the place as if typed.
  const place = placeOfPin(turn.ctx.regions, loc);
  update(turn, {
    latitude: loc.latitude,
    longitude: loc.longitude,
    address,
    region: place?.code ?? null,
    place_label: place?.label ?? null,
    pending_place: null,
    place_options: [],
  });
}

function onMedia(turn: Turn, media: DraftMedia): void {
  if (turn.conv.appointment) return invalid(turn);
  if (!turn.conv.draft) startDraft(turn, 'pengaduan');
  const draft = turn.conv.draft!;
  setDraft(turn, { media: [...draft.media, media] });
  if (media.caption) addStory(turn, media.caption);
  if (turn.conv.state === 'ask_media') return askMedia(turn);
  askNext(turn);
}

// ——— the draft ———

function emptyDraft(now: Date, type: ComplaintType | null): Draft {
  return {
    type,
    category: null,
    category_page: 0,
    category_hint: null,
    region: null,
    place_label: null,
    latitude: null,
    longitude: null,
    address: null,
    pending_place: null,
    place_options: [],
    description: [],
    media: [],
    media_done: false,
    confidential: type === 'informasi' ? false : null,
    started_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

function startDraft(turn: Turn, type: ComplaintType | null): void {
  turn.conv = { ...turn.conv, draft: emptyDraft(turn.now, type) };
}

function setDraft(turn: Turn, patch: Partial<Draft>): void {
  turn.conv = { ...turn.conv, draft: { ...turn.conv.draft!, ...patch } };
}

/** Applies an answer and asks for what is still missing. */
function update(turn: Turn, patch: Partial<Draft>): void {
  setDraft(turn, patch);
  askNext(turn);
}

function setType(turn: Turn, type: ComplaintType): void {
  update(turn, { type, confidential: type === 'informasi' ? false : turn.conv.draft!.confidential });
}

function story(draft: Draft): string {
  return draft.description.join('\n').trim();
}

function hasStory(turn: Turn): boolean {
  const d = turn.conv.draft!;
  const said = story(d);
  // Greetings, "saya mau lapor", "tes": long enough, but nothing to act on (core triage's noise).
  return said.length >= turn.ctx.limits.min_description && noiseReason(said, d.media.length > 0 || d.latitude !== null) === null;
}

function hasPlace(draft: Draft): boolean {
  return draft.region !== null || draft.latitude !== null;
}

/** Appends a message to the story and guesses category and place from it once it says enough. */
function addStory(turn: Turn, said: string): void {
  const draft = turn.conv.draft!;
  setDraft(turn, { description: [...draft.description, said.trim()] });
  if (!hasStory(turn)) return;
  const full = story(turn.conv.draft!);
  if (!turn.conv.draft!.category) {
    const [top, second] = suggestCategories(full, turn.ctx.categories);
    if (top && (!second || top.score > second.score)) setDraft(turn, { category: top.category });
    // The admins' keywords first; where they do not decide, the routing model when it is sure.
    else if (turn.ctx.category_reader) {
      const learned = confidentCategory(turn.ctx.category_reader, full, turn.ctx.categories);
      if (learned) setDraft(turn, { category: learned.category });
    }
  }
  const d = turn.conv.draft!;
  if (!hasPlace(d) && !d.pending_place) {
    const m = matchPlace(full, turn.ctx.regions, 'sentence');
    if (m.best && m.confident) setDraft(turn, { region: m.best.code, place_label: m.best.label });
    else if (m.best) setDraft(turn, { pending_place: m.best });
  }
}

function missing(turn: Turn): Field | null {
  const d = turn.conv.draft!;
  if (!d.type) return 'type';
  for (const field of PLAN[d.type]) {
    if (field === 'description' && !hasStory(turn)) return field;
    if (field === 'category' && !d.category) return field;
    if (field === 'place' && !hasPlace(d)) return field;
    if (field === 'media' && !d.media_done) return field;
    if (field === 'confidential' && d.confidential === null) return field;
  }
  return null;
}

function askNext(turn: Turn): void {
  switch (missing(turn)) {
    case 'type':
      return askType(turn);
    case 'description':
      return askDescription(turn);
    case 'category':
      return askCategory(turn, 0);
    case 'place':
      return turn.conv.draft!.pending_place ? confirmPlace(turn) : askPlace(turn);
    case 'media':
      return askMedia(turn);
    case 'confidential':
      return askConfidential(turn);
    case null:
      return showSummary(turn);
  }
}

/** In the description step a too-short story gets a nudge instead of the same question again. */
function askNextOrNudge(turn: Turn): void {
  const d = turn.conv.draft!;
  if (missing(turn) === 'description' && d.description.length > 0) {
    goTo(turn, 'ask_description');
    const said = story(d);
    // Only greetings so far: ask kindly for the problem itself rather than for "more letters".
    if (said.length >= turn.ctx.limits.min_description || noiseReason(said) === 'GREETING_ONLY') return sendText(turn, text(turn, 'intake.ask_real_problem'));
    return sendText(turn, text(turn, 'intake.description_too_short', { min: turn.ctx.limits.min_description }));
  }
  askNext(turn);
}

/** Asks again what the current step is waiting for (after help, status, a stale button). */
function reAsk(turn: Turn): void {
  if (turn.conv.appointment) return reAskAppointment(turn);
  const d = turn.conv.draft;
  if (!d) return showMenu(turn);
  switch (turn.conv.state) {
    case 'ask_category':
      return askCategory(turn, d.category_page);
    case 'choose_place':
      return choosePlace(turn, null);
    case 'choose_edit':
      return askEdit(turn);
    default:
      return askNext(turn);
  }
}

function goTo(turn: Turn, state: ConversationStepName): void {
  turn.conv = { ...turn.conv, state };
}

// ——— questions ———

function showMenu(turn: Turn): void {
  goTo(turn, 'menu');
  sendList(
    turn,
    text(turn, 'intake.menu'),
    text(turn, 'ui.menu.button'),
    MENU.map((choice) => ({ id: `menu:${choice}`, title: text(turn, `ui.menu.${choice}`) })),
  );
}

function chooseMenu(turn: Turn, choice: MenuChoice): void {
  switch (choice) {
    case 'report':
      startDraft(turn, 'pengaduan');
      return askNext(turn);
    case 'aspiration':
      startDraft(turn, null);
      return askType(turn, ['aspirasi', 'saran']);
    case 'info':
      startDraft(turn, 'informasi');
      return askNext(turn);
    case 'status':
      return answerStatus(turn, null);
    case 'help':
      return help(turn);
    case 'meet':
      return startAppointment(turn, null);
  }
}

function help(turn: Turn): void {
  sendText(turn, text(turn, 'help'));
  if (turn.conv.draft || turn.conv.appointment) reAsk(turn);
}

function askType(turn: Turn, only: readonly ComplaintType[] = TYPES): void {
  goTo(turn, 'ask_type');
  const options = only.map((t) => ({ id: `type:${t}`, title: text(turn, `ui.type.${t}`) }));
  const body = text(turn, 'intake.ask_type');
  if (options.length <= 3) return sendButtons(turn, body, options);
  sendList(turn, body, text(turn, 'ui.type.button'), options);
}

function answerType(turn: Turn, said: string): void {
  const n = parseChoiceNumber(said);
  const type = (n ? TYPES[n - 1] : undefined) ?? parseType(said);
  return type ? setType(turn, type) : invalid(turn);
}

function askDescription(turn: Turn): void {
  goTo(turn, 'ask_description');
  sendText(turn, text(turn, 'intake.ask_description'));
}

function activeCategories(turn: Turn): Category[] {
  return turn.ctx.categories
    .filter((c) => c.active)
    .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.code.localeCompare(b.code));
}

function categoryName(turn: Turn, c: Category): string {
  return (turn.locale === 'en' ? c.name_en : null) ?? c.name;
}

/** One page of the category list: suggestions for the story first, the catch-all always, then "more". */
function categoryRows(turn: Turn, page: number): Array<{ id: string; title: string; description?: string }> {
  const d = turn.conv.draft!;
  const all = activeCategories(turn);
  const suggested = suggestCategories(d.category_hint ?? story(d), all).map((s) => s.category);
  const ranked = [...all].sort((a, b) => rank(a) - rank(b));
  function rank(c: Category): number {
    const i = suggested.indexOf(c.code);
    return i === -1 ? suggested.length + all.indexOf(c) : i;
  }
  const fallback = all.find((c) => FALLBACK_CATEGORIES.includes(c.code));
  const main = ranked.filter((c) => c !== fallback);
  const pages = Math.max(1, Math.ceil(main.length / CATEGORY_PAGE));
  const p = page % pages;
  const shown = [...main.slice(p * CATEGORY_PAGE, (p + 1) * CATEGORY_PAGE), ...(fallback ? [fallback] : [])];
  const rows = shown.map((c) => {
    const name = categoryName(turn, c);
    const description = name.length > 24 ? name : turn.locale === 'id' ? c.description : null;
    return { id: `cat:${c.code}`, title: clamp(name, 24), ...(description ? { description: clamp(description, 72) } : {}) };
  });
  if (pages > 1) rows.push({ id: `cat:more:${(p + 1) % pages}`, title: text(turn, 'ui.category.more') });
  return rows;
}

function askCategory(turn: Turn, page: number): void {
  goTo(turn, 'ask_category');
  setDraft(turn, { category_page: page });
  sendList(turn, text(turn, 'intake.ask_category', { categories: '' }), text(turn, 'ui.category.button'), categoryRows(turn, page));
}

function answerCategory(turn: Turn, said: string): void {
  const d = turn.conv.draft!;
  const n = parseChoiceNumber(said);
  if (n !== null) {
    const row = categoryRows(turn, d.category_page)[n - 1];
    if (!row) return invalid(turn);
    return row.id.startsWith('cat:more:') ? askCategory(turn, Number(row.id.slice(9))) : update(turn, { category: row.id.slice(4) });
  }
  const typed = words(said).join(' ');
  const byName = activeCategories(turn).find(
    (c) => words(c.name).join(' ') === typed || words(c.name_en ?? '').join(' ') === typed || c.code.toLowerCase() === typed,
  );
  if (byName) return update(turn, { category: byName.code });
  const suggestions = suggestCategories(said, turn.ctx.categories);
  const [top, second] = suggestions;
  if (top && (!second || top.score > second.score)) return update(turn, { category: top.category });
  if (top) {
    // Several fit: show them first.
    setDraft(turn, { category_hint: said });
    return askCategory(turn, 0);
  }
  invalid(turn);
}

function askPlace(turn: Turn): void {
  goTo(turn, 'ask_place');
  sendText(turn, text(turn, 'intake.ask_place'));
}

function answerPlace(turn: Turn, said: string): void {
  const m = matchPlace(said, turn.ctx.regions, 'answer');
  if (m.best && m.confident) return acceptPlace(turn, m.best);
  if (m.best) {
    setDraft(turn, { pending_place: m.best, place_options: [] });
    return confirmPlace(turn);
  }
  if (m.candidates.length > 0) {
    setDraft(turn, { place_options: m.candidates, pending_place: null });
    return choosePlace(turn, said);
  }
  goTo(turn, 'ask_place');
  sendText(turn, text(turn, 'intake.place_unknown', { text: clamp(said, 60) }));
}

function confirmPlace(turn: Turn): void {
  goTo(turn, 'confirm_place');
  sendButtons(turn, text(turn, 'intake.confirm_place', { place: turn.conv.draft!.pending_place!.label }), [
    { id: 'place:yes', title: text(turn, 'ui.place.yes') },
    { id: 'place:no', title: text(turn, 'ui.place.no') },
  ]);
}

function choosePlace(turn: Turn, said: string | null): void {
  goTo(turn, 'choose_place');
  const options = turn.conv.draft!.place_options;
  sendList(
    turn,
    text(turn, 'intake.choose_place', { text: clamp(said ?? options[0]?.name ?? '', 60) }),
    text(turn, 'ui.place.button'),
    options.map((p) => ({ id: `place:${p.code}`, title: clamp(p.name, 24), description: clamp(p.label, 72) })),
  );
}

function acceptPlace(turn: Turn, place: { code: string; label: string }): void {
  update(turn, {
    region: place.code,
    place_label: place.label,
    latitude: null,
    longitude: null,
    pending_place: null,
    place_options: [],
  });
}

function rejectPlace(turn: Turn): void {
  setDraft(turn, { pending_place: null, place_options: [] });
  askPlace(turn);
}

function askMedia(turn: Turn): void {
  goTo(turn, 'ask_media');
  const count = turn.conv.draft!.media.length;
  if (count === 0) {
    return sendButtons(turn, text(turn, 'intake.ask_media'), [{ id: 'media:done', title: text(turn, 'ui.media.skip') }]);
  }
  sendButtons(turn, text(turn, 'intake.media_received', { count }), [{ id: 'media:done', title: text(turn, 'ui.media.done') }]);
}

function askConfidential(turn: Turn): void {
  goTo(turn, 'ask_confidential');
  sendButtons(turn, text(turn, 'intake.ask_confidential'), [
    { id: 'conf:yes', title: text(turn, 'ui.confidential.yes') },
    { id: 'conf:no', title: text(turn, 'ui.confidential.no') },
  ]);
}

function placeText(turn: Turn, d: Draft): string {
  // The RT/RW the report will carry (complaintRow reads them from the same texts), so the citizen sees them too.
  const { rt, rw } = rtRwOf(d.address, story(d));
  const unit = [rt && `RT ${rt}`, rw && `RW ${rw}`].filter(Boolean).join('/');
  const withUnit = (place: string | null) => [place, unit].filter(Boolean).join(', ') || '-';
  if (d.latitude !== null && d.longitude !== null) {
    const coords = { lat: d.latitude.toFixed(5), lng: d.longitude.toFixed(5) };
    const pin = d.place_label ? text(turn, 'intake.pin_around', { ...coords, place: d.place_label }) : text(turn, 'ui.place.pin', coords);
    return withUnit(d.address ? `${d.address} (${pin})` : pin);
  }
  return withUnit(d.place_label);
}

function showSummary(turn: Turn): void {
  goTo(turn, 'confirm');
  const d = turn.conv.draft!;
  const category = turn.ctx.categories.find((c) => c.code === d.category);
  const body = text(turn, 'intake.summary', {
    type: text(turn, `ui.type.${d.type}`),
    category: category ? categoryName(turn, category) : '-',
    place: placeText(turn, d),
    description: clamp(story(d), 500),
    media_count: d.media.length,
    confidential: d.confidential === true,
  });
  sendButtons(turn, body, [
    { id: 'sum:send', title: text(turn, 'ui.summary.send') },
    { id: 'sum:edit', title: text(turn, 'ui.summary.edit') },
    { id: 'sum:cancel', title: text(turn, 'ui.summary.cancel') },
  ]);
}

function editableFields(turn: Turn): Field[] {
  return ['type', ...PLAN[turn.conv.draft!.type ?? 'pengaduan']];
}

function askEdit(turn: Turn): void {
  goTo(turn, 'choose_edit');
  sendList(
    turn,
    text(turn, 'intake.ask_edit'),
    text(turn, 'ui.edit.button'),
    editableFields(turn).map((f) => ({ id: `edit:${f}`, title: text(turn, `ui.edit.${f}`) })),
  );
}

function answerEdit(turn: Turn, said: string): void {
  const fields = editableFields(turn);
  const n = parseChoiceNumber(said);
  const typed = words(said).join(' ');
  const field = (n ? fields[n - 1] : undefined) ?? fields.find((f) => words(text(turn, `ui.edit.${f}`)).join(' ') === typed);
  return field ? editField(turn, field) : invalid(turn);
}

const CLEAR: Record<Field, Partial<Draft>> = {
  type: { type: null },
  category: { category: null, category_hint: null },
  place: { region: null, place_label: null, latitude: null, longitude: null, address: null, pending_place: null, place_options: [] },
  description: { description: [] },
  media: { media: [], media_done: false },
  confidential: { confidential: null },
};

function editField(turn: Turn, field: Field): void {
  if (!editableFields(turn).includes(field)) return stale(turn);
  setDraft(turn, CLEAR[field]);
  if (field === 'type') return askType(turn);
  askNext(turn);
}

function invalid(turn: Turn): void {
  sendText(turn, text(turn, 'intake.invalid_choice'));
  reAsk(turn);
}

function stale(turn: Turn): void {
  sendText(turn, text(turn, 'intake.stale_button'));
  reAsk(turn);
}

function cancelDraft(turn: Turn): void {
  turn.conv = { ...turn.conv, draft: null, state: 'idle' };
  sendText(turn, text(turn, 'intake.cancelled'));
}

function submit(turn: Turn): void {
  const d = turn.conv.draft!;
  if (missing(turn) !== null || !d.type || !d.category) return askNext(turn);
  const report: NewReport = {
    type: d.type,
    category: d.category,
    region: d.region,
    latitude: d.latitude,
    longitude: d.longitude,
    address: d.address,
    description: story(d),
    media: d.media,
    confidential: d.confidential ?? false,
    locale: turn.locale,
    channel: channelOfAddress(turn.to),
    reporter_wa_id: turn.to,
    reporter_name: turn.name,
  };
  turn.effects.push({ kind: 'create_report', report });
  // The thank-you with the ticket number comes from reportReceivedReply once the adapter has stored it.
  turn.conv = { ...turn.conv, draft: null, state: 'idle' };
}

// ——— Temu Bupati (meeting the regional head) ———
// Topic, day from the open days the adapter loaded, confirmation, then the
// book_appointment effect: the adapter books under the slot's lock and answers
// with the code (appointmentBookedReply) or, when the last place went to
// someone else meanwhile, offers the other days (appointmentSlotTaken).

const TOPIC_MIN = 10;
const DAYS_SHOWN = 10;

function setAppointment(turn: Turn, patch: Partial<AppointmentDraft>): void {
  turn.conv = { ...turn.conv, appointment: { ...turn.conv.appointment!, ...patch } };
}

function startAppointment(turn: Turn, moving: OwnAppointment | null): void {
  const at = turn.now.toISOString();
  turn.conv = {
    ...turn.conv,
    appointment: { topic: moving?.topic ?? null, slot: null, date: null, move: moving?.code ?? null, options: [], started_at: at, updated_at: at },
  };
  if (moving) return askDay(turn);
  goTo(turn, 'appt_topic');
  sendText(turn, text(turn, 'appointment.ask_topic'));
}

function answerTopic(turn: Turn, said: string): void {
  if (said.trim().length < TOPIC_MIN) {
    return sendText(turn, text(turn, 'appointment.topic_too_short', { min: TOPIC_MIN }));
  }
  setAppointment(turn, { topic: clamp(said, 500) });
  askDay(turn);
}

function dayTitle(turn: Turn, d: OpenDay): string {
  return clamp(`${meetingDayLabel(d.date, turn.locale, 'short')} · ${d.start_time}`, 24);
}

function askDay(turn: Turn, lead: string | null = null): void {
  const days = turn.ctx.appointment_days.slice(0, DAYS_SHOWN);
  if (days.length === 0) {
    turn.conv = { ...turn.conv, appointment: null, state: turn.conv.draft ? turn.conv.state : 'idle' };
    if (lead) sendText(turn, lead);
    return sendText(turn, text(turn, 'appointment.no_days'));
  }
  goTo(turn, 'appt_day');
  setAppointment(turn, { slot: null, date: null, options: days.map((d) => ({ slot: d.slot, date: d.date })) });
  const lines = days.map((d, i) => `${i + 1}. ${meetingDayLabel(d.date, turn.locale)} · ${d.start_time} — ${d.place}`).join('\n');
  const body = [lead, text(turn, 'appointment.choose_day', { days: lines })].filter(Boolean).join('\n\n');
  sendList(
    turn,
    body,
    text(turn, 'ui.appointment.button'),
    days.map((d) => ({
      id: `appt:day:${d.slot}:${d.date}`,
      title: dayTitle(turn, d),
      description: clamp(text(turn, 'ui.appointment.row', { place: d.place, remaining: d.remaining }), 72),
    })),
  );
}

function chooseDay(turn: Turn, slot: number, date: string): void {
  const day = turn.ctx.appointment_days.find((d) => d.slot === slot && d.date === date);
  // Listed a moment ago but full (or no longer open) now: say so and list what is left.
  if (!day) return askDay(turn, text(turn, 'appointment.slot_taken', { day: meetingDayLabel(date, turn.locale) }));
  setAppointment(turn, { slot, date });
  askConfirm(turn, day);
}

function askConfirm(turn: Turn, day: OpenDay): void {
  goTo(turn, 'appt_confirm');
  sendButtons(turn, text(turn, 'appointment.confirm', {
    topic: clamp(turn.conv.appointment!.topic ?? '', 300), day: meetingDayLabel(day.date, turn.locale), time: day.start_time, place: day.place,
  }), [
    { id: 'appt:book', title: text(turn, 'ui.appointment.book') },
    { id: 'appt:change', title: text(turn, 'ui.appointment.change') },
    { id: 'appt:cancel', title: text(turn, 'ui.appointment.cancel') },
  ]);
}

function book(turn: Turn): void {
  const a = turn.conv.appointment!;
  if (!a.topic) return startAppointment(turn, null);
  if (a.slot === null || !a.date) return askDay(turn);
  const booking: NewBooking = {
    topic: a.topic, slot: a.slot, date: a.date, move: a.move, locale: turn.locale, reporter_wa_id: turn.to, reporter_name: turn.name,
  };
  turn.effects.push({ kind: 'book_appointment', booking });
  // The code (or the other days, when the place went meanwhile) comes from the adapter.
  turn.conv = { ...turn.conv, appointment: null, state: 'idle' };
}

function onAppointmentButton(turn: Turn, arg: string): void {
  const a = turn.conv.appointment;
  if (!a) return stale(turn);
  if (arg === 'cancel') return dropAppointment(turn);
  if (turn.conv.state === 'appt_day' && arg.startsWith('day:')) {
    const [, slot, date] = arg.split(':');
    return chooseDay(turn, Number(slot), String(date));
  }
  if (turn.conv.state === 'appt_confirm' && arg === 'book') return book(turn);
  if (turn.conv.state === 'appt_confirm' && arg === 'change') return askDay(turn);
  stale(turn);
}

function onAppointmentText(turn: Turn, said: string): void {
  const a = turn.conv.appointment!;
  switch (turn.conv.state) {
    case 'appt_topic':
      return answerTopic(turn, said);
    case 'appt_day': {
      const n = parseChoiceNumber(said);
      const option = n ? a.options[n - 1] : undefined;
      return option ? chooseDay(turn, option.slot, option.date) : invalid(turn);
    }
    case 'appt_confirm': {
      const answer = parseSummaryAnswer(said);
      if (answer === 'send') return book(turn);
      if (answer === 'edit' || parseYesNo(said) === false) return askDay(turn);
      return invalid(turn);
    }
  }
  reAskAppointment(turn);
}

function reAskAppointment(turn: Turn): void {
  const a = turn.conv.appointment!;
  if (!a.topic) return startAppointment(turn, null);
  const day = turn.conv.state === 'appt_confirm' ? turn.ctx.appointment_days.find((d) => d.slot === a.slot && d.date === a.date) : undefined;
  return day ? askConfirm(turn, day) : askDay(turn);
}

function dropAppointment(turn: Turn): void {
  turn.conv = { ...turn.conv, appointment: null, state: turn.conv.draft ? turn.conv.state : 'idle' };
  sendText(turn, text(turn, 'appointment.draft_cancelled'));
}

/** The booking a "batal temu"/"pindah temu" means: the named code, else the only one on. */
function ownAppointment(turn: Turn, code: string | null): OwnAppointment | null {
  const mine = turn.ctx.appointments;
  if (code) {
    const found = mine.find((x) => x.code.toUpperCase() === code.toUpperCase());
    if (!found) sendText(turn, text(turn, 'appointment.not_found', { code }));
    return found ?? null;
  }
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0) sendText(turn, text(turn, 'appointment.not_found', { code: '' }));
  else sendText(turn, text(turn, 'appointment.which', { codes: mine.map((x) => x.code).join(', '), first: mine[0]!.code }));
  return null;
}

function cancelAppointment(turn: Turn, code: string | null): void {
  const mine = ownAppointment(turn, code);
  if (!mine) return;
  turn.effects.push({ kind: 'cancel_appointment', code: mine.code });
  sendText(turn, text(turn, 'appointment.cancelled', { code: mine.code, day: mine.date ? meetingDayLabel(mine.date, turn.locale) : '-' }));
  if (turn.conv.appointment?.move === mine.code) turn.conv = { ...turn.conv, appointment: null, state: 'idle' };
}

function moveAppointment(turn: Turn, code: string | null): void {
  const mine = ownAppointment(turn, code);
  if (mine) startAppointment(turn, mine);
}

/** Whether a step may need the Temu Bupati days and bookings (the adapter loads them only then). */
export function wantsAppointmentContext(state: Pick<ConversationState, 'state' | 'appointment'> | null, m: InboundMessage): boolean {
  if (state?.appointment || state?.state === 'menu' || state?.state.startsWith('appt_')) return true;
  const id = replyId(m);
  if (id !== null) return id.startsWith('appt:') || id === 'menu:meet';
  const said = messageText(m);
  return said !== null && (wantsMeeting(said) || /\b(temu|tmu|janji|jadwal|meeting|appointment)\b/i.test(said));
}

/**
 * The adapter could not book (the last place went to another citizen a moment
 * before): the same booking goes back to choosing a day among those left.
 */
export function appointmentSlotTaken(
  state: ConversationState,
  booking: NewBooking,
  context: StepContext,
): { state: ConversationState; replies: SendMessage[] } {
  const ctx = StepContext.parse(context);
  const now = new Date(ctx.now);
  const turn: Turn = {
    ctx, now, to: booking.reporter_wa_id, name: booking.reporter_name, locale: booking.locale,
    conv: { ...state, appointment: { topic: booking.topic, slot: null, date: null, move: booking.move, options: [], started_at: now.toISOString(), updated_at: now.toISOString() } },
    replies: [], effects: [],
  };
  askDay(turn, text(turn, 'appointment.slot_taken', { day: meetingDayLabel(booking.date, turn.locale) }));
  return { state: turn.conv, replies: turn.replies };
}

/** The confirmation with the booking code, once the adapter has booked (or moved) it. */
export function appointmentBookedReply(
  to: string,
  booked: { code: string; date: string; start_time: string; place: string; moved: boolean },
  context: Pick<StepContext, 'templates' | 'instance_name'> & { locale: Locale; name?: string | null },
): SendMessage {
  return textMessage(to, say(context.templates, booked.moved ? 'appointment.moved_booked' : 'appointment.booked', context.locale, {
    code: booked.code, day: meetingDayLabel(booked.date, context.locale), time: booked.start_time, place: booked.place,
    name: context.name ?? '', instance_name: context.instance_name,
  }));
}

// ——— status ("cek") ———

function answerStatusThenReAsk(turn: Turn, ticket: string | null): void {
  answerStatus(turn, ticket);
  if (turn.conv.draft || turn.conv.appointment) reAsk(turn);
}

function answerStatus(turn: Turn, ticket: string | null): void {
  const reports = turn.ctx.reports;
  if (ticket) {
    // Only the sender's own reports are in ctx.reports: anyone else's ticket is "not found".
    const own = reports.find((r) => r.ticket.toUpperCase() === ticket.toUpperCase());
    return sendText(turn, own ? statusText(turn, own) : text(turn, 'status.not_found', { ticket }));
  }
  // A joined report is in progress while the original it follows is.
  const open = reports.filter((r) => statusKind((r.joined_to ?? r).status) !== 'closed');
  if (open.length === 0) return sendText(turn, text(turn, 'status.none'));
  if (open.length === 1) return sendText(turn, statusText(turn, open[0]!));
  sendList(
    turn,
    text(turn, 'status.list', { count: open.length }),
    text(turn, 'ui.status.button'),
    open.slice(0, 10).map((r) => ({
      id: `cek:${r.ticket}`,
      title: clamp(r.ticket, 24),
      description: clamp([STATUS_LABELS[(r.joined_to ?? r).status][turn.locale], r.category].filter(Boolean).join(' · '), 72),
    })),
  );
}

function statusText(turn: Turn, r: OwnReport): string {
  // A joined report's own status is "Ditolak" (reason: duplicate); the citizen follows the original's.
  if (r.joined_to) {
    return text(turn, 'status.joined', {
      ticket: r.ticket,
      original_ticket: r.joined_to.ticket,
      status: STATUS_LABELS[r.joined_to.status][turn.locale],
      agency: r.joined_to.agency,
      due: formatDate(turn, r.joined_to.due),
      last_update: r.joined_to.last_update,
    });
  }
  return text(turn, 'status.reply', {
    ticket: r.ticket,
    status: STATUS_LABELS[r.status][turn.locale],
    category: r.category,
    agency: r.agency,
    date: formatDate(turn, r.received_at),
    due: formatDate(turn, r.due),
    last_update: r.last_update,
  });
}

function formatDate(turn: Turn, iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(turn.locale === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: turn.ctx.timezone,
  }).format(d);
}

// ——— output ———

function text(turn: Turn, key: string, vars: Record<string, unknown> = {}): string {
  return say(turn.ctx.templates, key, turn.locale, { name: turn.name, instance_name: turn.ctx.instance_name, ...vars });
}

function clamp(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

function sendText(turn: Turn, body: string): void {
  turn.replies.push(textMessage(turn.to, body.slice(0, 4096)));
}

function sendButtons(turn: Turn, body: string, buttons: Array<{ id: string; title: string }>): void {
  turn.replies.push(
    buttonMessage(
      turn.to,
      body.slice(0, 1024),
      buttons.map((b) => ({ id: b.id, title: clamp(b.title, 20) })),
    ),
  );
}

function sendList(turn: Turn, body: string, button: string, rows: Array<{ id: string; title: string; description?: string }>): void {
  turn.replies.push(listMessage(turn.to, body.slice(0, 4096), clamp(button, 20), [{ rows: rows.slice(0, 10) }]));
}

/**
 * The thank-you with the ticket number and the tracking code, sent by the
 * adapter after it stored the create_report effect (the Directus hook numbers
 * the ticket and draws the code). The code is the citizen's only proof on the
 * web tracker, so a template edited without {{tracking_code}} still gets it
 * (`intake.tracking_code` appended).
 */
export function reportReceivedReply(
  to: string,
  ticket: string,
  context: Pick<StepContext, 'templates' | 'instance_name'> & { locale: Locale; name?: string | null; tracking_code?: string | null },
): SendMessage {
  const vars = {
    ticket,
    tracking_code: context.tracking_code ?? '',
    name: context.name ?? (context.locale === 'en' ? 'citizen' : 'Bapak/Ibu'),
    instance_name: context.instance_name,
  };
  let body = say(context.templates, 'intake.received', context.locale, vars);
  if (context.tracking_code && !body.includes(context.tracking_code)) {
    body = `${body}\n\n${say(context.templates, 'intake.tracking_code', context.locale, vars)}`;
  }
  return textMessage(to, body);
}
