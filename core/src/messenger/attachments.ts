import { z } from 'zod';

// The Graph API's answer for a message's attachments
// (GET /{message-id}/attachments, Page access token):
// https://developers.facebook.com/docs/graph-api/reference/message/attachments
// `{data: [{id, mime_type, name, size, image_data: {url, preview_url…},
// video_data: {url, preview_url…}, file_url}], paging}`. Each URL is freshly
// signed, unlike the webhook's payload.url, which expires. The same list
// under a message's `attachments` field (`GET /{message-id}?fields=attachments`)
// is read too.

const Url = z.looseObject({ url: z.string().optional() });

export const GraphMessageAttachment = z.looseObject({
  id: z.string().optional(),
  mime_type: z.string().optional(),
  name: z.string().optional(),
  size: z.number().optional(),
  image_data: Url.optional(),
  video_data: Url.optional(),
  file_url: z.string().optional(),
});
export type GraphMessageAttachment = z.infer<typeof GraphMessageAttachment>;

export const GraphMessageAttachments = z.looseObject({ data: z.array(GraphMessageAttachment) });
export type GraphMessageAttachments = z.infer<typeof GraphMessageAttachments>;
const MessageWithAttachments = z.looseObject({ attachments: GraphMessageAttachments });

export interface AttachmentDownload {
  url: string;
  mimeType: string | null;
  name: string | null;
}

/**
 * Where to download the `index`-th attachment of a Graph answer: its image's,
 * video's or file's URL (the full image, not the preview). `count` says how
 * many the message has; `download` is null when the answer is not the list,
 * the index is past its end, or the attachment carries no URL.
 */
export function attachmentDownload(answer: unknown, index: number): { count: number; download: AttachmentDownload | null } {
  const edge = GraphMessageAttachments.safeParse(answer);
  const field = edge.success ? null : MessageWithAttachments.safeParse(answer);
  const list = edge.success ? edge.data.data : field?.success ? field.data.attachments.data : null;
  if (!list) return { count: 0, download: null };
  const a = list[index];
  const url = a ? (a.image_data?.url ?? a.video_data?.url ?? a.file_url) : undefined;
  if (!a || !url) return { count: list.length, download: null };
  return { count: list.length, download: { url, mimeType: a.mime_type ?? null, name: a.name ?? null } };
}
