import { describe, expect, it } from 'vitest';
import { attachmentDownload } from './attachments.ts';

describe('attachmentDownload: the n-th attachment of a Graph answer', () => {
  const answer = {
    data: [
      { id: '1', mime_type: 'image/jpeg', name: 'image-1.jpg', image_data: { url: 'https://scontent.xx.fbcdn.net/full.jpg', preview_url: 'https://scontent.xx.fbcdn.net/p.jpg' } },
      { id: '2', mime_type: 'video/mp4', video_data: { url: 'https://video.xx.fbcdn.net/v.mp4', preview_url: 'https://x/p.jpg' } },
      { id: '3', mime_type: 'application/pdf', name: 'Surat.pdf', file_url: 'https://cdn.fbsbx.com/Surat.pdf' },
      { id: '4', mime_type: 'image/jpeg' },
    ],
    paging: { cursors: {} },
  };

  it('takes the full image, the video and the file URL, with the type and name Graph gives', () => {
    expect(attachmentDownload(answer, 0)).toEqual({ count: 4, download: { url: 'https://scontent.xx.fbcdn.net/full.jpg', mimeType: 'image/jpeg', name: 'image-1.jpg' } });
    expect(attachmentDownload(answer, 1).download).toEqual({ url: 'https://video.xx.fbcdn.net/v.mp4', mimeType: 'video/mp4', name: null });
    expect(attachmentDownload(answer, 2).download).toEqual({ url: 'https://cdn.fbsbx.com/Surat.pdf', mimeType: 'application/pdf', name: 'Surat.pdf' });
    expect(attachmentDownload({ id: 'm_1', attachments: answer }, 2).download?.url).toBe('https://cdn.fbsbx.com/Surat.pdf');
  });

  it('nothing to download past the end, without a URL, or from another shape', () => {
    expect(attachmentDownload(answer, 4)).toEqual({ count: 4, download: null });
    expect(attachmentDownload(answer, 3)).toEqual({ count: 4, download: null });
    expect(attachmentDownload({ data: [] }, 0)).toEqual({ count: 0, download: null });
    expect(attachmentDownload({ error: { code: 100 } }, 0)).toEqual({ count: 0, download: null });
  });
});
