import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { MEDIA_REFUSAL } from './follow-up-filter.ts';
import { guardMediaMove, prepareMedia, type MediaLinks, type MediaStore } from './media-filter.ts';

const as = (role: keyof typeof ROLE_IDS) => ({ user: `${role}-1`, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });

/** Reports 1 (DPUPR) and 2 (DINKES); follow-ups 10 on report 1 and 20 on report 2. */
const store: MediaStore = {
  userAgency: async (user) => ({ 'opd_officer-1': 'DPUPR', 'camat-1': 'KEC-16.02.01' } as Record<string, string>)[user] ?? null,
  complaintAgency: async (complaint) => ({ '1': 'DPUPR', '2': 'DINKES' } as Record<string, string>)[String(complaint)] ?? null,
  updateComplaint: async (update) => ({ '10': 1, '20': 2 } as Record<string, number>)[String(update)] ?? null,
};

describe('prepareMedia (complaint_media.items.create)', () => {
  it("fills the report from the follow-up a photo is added to (the follow-up form's «Foto untuk warga»)", async () => {
    await expect(prepareMedia({ update: 10, file: 'f-1', kind: 'image' }, { store, accountability: as('opd_officer') }))
      .resolves.toEqual({ update: 10, complaint: 1, file: 'f-1', kind: 'image' });
    // Nested shapes Directus may pass, and a matching report given explicitly.
    await expect(prepareMedia({ update: { id: 10 }, complaint: '1', kind: 'image' }, { store, accountability: as('opd_officer') }))
      .resolves.toMatchObject({ complaint: '1' });
  });

  it('refuses a photo whose report is not its follow-up\'s, in Indonesian, for every role', async () => {
    for (const role of ['opd_officer', 'verifikator'] as const) {
      await expect(prepareMedia({ update: 10, complaint: 2, kind: 'image' }, { store, accountability: as(role) })).rejects.toMatchObject({
        code: 'MEDIA.COMPLAINT_MISMATCH',
        message: expect.stringContaining('tindak lanjut milik laporan lain (#1), bukan laporan #2'),
      });
    }
  });

  it("refuses an officer's photo on another agency's follow-up, and an unknown follow-up", async () => {
    await expect(prepareMedia({ update: 20, kind: 'image' }, { store, accountability: as('opd_officer') })).rejects.toMatchObject({
      code: 'COMPLAINT.NOT_YOUR_AGENCY', message: MEDIA_REFUSAL,
    });
    await expect(prepareMedia({ update: 99, kind: 'image' }, { store, accountability: as('opd_officer') })).rejects.toMatchObject({ code: 'MEDIA.UPDATE_NOT_FOUND' });
  });

  it('keeps report attachments (no follow-up) as they were, and asks for a report when neither is given', async () => {
    await expect(prepareMedia({ complaint: 1, kind: 'image' }, { store, accountability: as('opd_officer') })).resolves.toEqual({ complaint: 1, kind: 'image' });
    await expect(prepareMedia({ complaint: 2, kind: 'image' }, { store, accountability: as('opd_officer') })).rejects.toMatchObject({ code: 'COMPLAINT.NOT_YOUR_AGENCY' });
    await expect(prepareMedia({ kind: 'image' }, { store, accountability: null })).rejects.toMatchObject({ code: 'MEDIA.NO_COMPLAINT' });
    // The n8n service (no agency) attaches a citizen's photo to a citizen_message update of report 2.
    await expect(prepareMedia({ update: 20, complaint: 2, kind: 'image' }, { store, accountability: null })).resolves.toMatchObject({ complaint: 2 });
  });
});

describe('guardMediaMove (complaint_media.items.update)', () => {
  const links: MediaLinks = { mediaLinks: async () => [{ id: 5, complaint: 1, update: 10 }] };
  const moving = { store: { ...store, ...links } };

  it('refuses moving a photo to another report while it stays on its follow-up, or onto a follow-up of another report', async () => {
    await expect(guardMediaMove({ complaint: 2 }, [5], moving)).rejects.toMatchObject({ code: 'MEDIA.COMPLAINT_MISMATCH' });
    await expect(guardMediaMove({ update: 20 }, [5], moving)).rejects.toMatchObject({ code: 'MEDIA.COMPLAINT_MISMATCH' });
  });

  it('lets a caption change, a consistent move or detaching from the follow-up through', async () => {
    await expect(guardMediaMove({ caption: 'baru' }, [5], moving)).resolves.toBeUndefined();
    await expect(guardMediaMove({ complaint: 2, update: 20 }, [5], moving)).resolves.toBeUndefined();
    await expect(guardMediaMove({ update: null, complaint: 2 }, [5], moving)).resolves.toBeUndefined();
  });
});
