// Body parameters of an approved template ({{1}}, {{2}}, …) have their own
// rules: no new lines or tabs, no more than 4 consecutive spaces, at most 1024
// characters; Meta refuses the whole message otherwise (error 132000/100), and
// an empty parameter is refused too.
// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages#template-object

export const TEMPLATE_PARAMETER_MAX = 1024;

/**
 * One value as a body parameter Meta accepts: lines joined with " · ", tabs
 * and runs of spaces folded to one space, cut at 1024 characters with "…"
 * (never in the middle of an emoji), "-" when nothing is left.
 */
export function templateParameterText(value: unknown): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const oneLine = raw
    .trim()
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]*\n[\s]*/g, ' · ')
    .replace(/[\t\v\f\u00a0 ]+/g, ' ')
    .trim();
  if (!oneLine) return '-';
  const chars = Array.from(oneLine);
  return chars.length <= TEMPLATE_PARAMETER_MAX ? oneLine : `${chars.slice(0, TEMPLATE_PARAMETER_MAX - 1).join('')}…`;
}

/** Why Meta would refuse `text` as a body parameter, or null when it is fine. */
export function templateParameterProblem(text: string): string | null {
  if (!text.trim()) return 'kosong';
  if (/[\n\r\t]/.test(text)) return 'mengandung baris baru atau tab';
  if (/ {5,}/.test(text)) return 'lebih dari 4 spasi berturut-turut';
  if (Array.from(text).length > TEMPLATE_PARAMETER_MAX) return `lebih dari ${TEMPLATE_PARAMETER_MAX} karakter`;
  return null;
}

/** Every parameter made acceptable (see templateParameterText). */
export function templateParameterTexts(values: readonly unknown[]): string[] {
  return values.map(templateParameterText);
}
