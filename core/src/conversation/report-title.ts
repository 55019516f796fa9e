/** A short title for the admins' list view: the first line of the story, cut at a word. */
export function reportTitle(description: string, max = 80): string {
  const first = description.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}
