import { parseCommand } from '../conversation/intents.ts';
import type { OwnAppointment } from '../conversation/types.ts';
import { messageText, replyId, type InboundMessage } from '../whatsapp/webhook.ts';

/**
 * The sender's booking this message is moving ("pindah temu TMU-…", or the
 * days and confirmation that follow it), or null. The open days for a move
 * must leave it out of the count, or the citizen's own current day looks full
 * (one place fewer) although their booking would give that place back.
 * Only one of the sender's own bookings still on is ever named, so another
 * citizen's code never frees a place. Mirrors conversationStep: a typed move
 * command starts a move (the named code, else the only booking on); else a
 * move under way goes on.
 */
export function bookingBeingMoved(
  state: { appointment?: { move: string | null } | null } | null,
  m: InboundMessage,
  own: readonly Pick<OwnAppointment, 'code'>[],
  ticketPrefix: string,
): string | null {
  const mine = (code: string | null | undefined) => (code ? (own.find((x) => x.code.toUpperCase() === code.toUpperCase())?.code ?? null) : null);
  const said = replyId(m) === null ? messageText(m)?.trim() : null;
  const command = said ? parseCommand(said, ticketPrefix) : null;
  if (command?.kind === 'appointment_move') return command.code ? mine(command.code) : own.length === 1 ? own[0]!.code : null;
  return mine(state?.appointment?.move);
}
