import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { MEDIA_REFUSAL } from './follow-up-filter.ts';
import { FILE_REFUSAL, FILE_TAKEN, guardMediaMove, prepareMedia, type FileLinks, type MediaLinks, type MediaStore } from './media-filter.ts';

const as = (role: keyof typeof ROLE_IDS) => ({ user: `${role}-1`, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });
const admin = { user: 'admin-1', role: 'admin-role', roles: ['admin-role'], admin: true };

/** Files: the officer's own fresh upload, the officer's upload already on media row 7, a citizen's photo the n8n service uploaded (row 8), the verifikator's upload. */
const FILES: Record<string, { uploaded_by: string | null; media: number[] }> = {
  'aaaaaaaa-0000-4000-8000-000000000001': { uploaded_by: 'opd_officer-1', media: [] },
  'aaaaaaaa-0000-4000-8000-000000000002': { uploaded_by: 'opd_officer-1', media: [7] },
  'aaaaaaaa-0000-4000-8000-000000000003': { uploaded_by: 'service-1', media: [8] },
  'aaaaaaaa-0000-4000-8000-000000000004': { uploaded_by: 'verifikator-1', media: [] },
};
const [MINE, MINE_LINKED, CITIZENS, VERIFIKATORS] = Object.keys(FILES) as [string, string, string, string];
const fileLinks: FileLinks = { fileLink: async (file) => FILES[file] ?? null };

/** Reports 1 (DPUPR) and 2 (DINKES); follow-ups 10 on report 1 and 20 on report 2. */
const store: MediaStore = {
  userAgency: async (user) => ({ 'opd_officer-1': 'DPUPR', 'camat-1': 'KEC-16.02.01' } as Record<string, string>)[user] ?? null,
  complaintAgency: async (complaint) => ({ '1': 'DPUPR', '2': 'DINKES' } as Record<string, string>)[String(complaint)] ?? null,
  updateComplaint: async (update) => ({ '10': 1, '20': 2 } as Record<string, number>)[String(update)] ?? null,
  ...fileLinks,
};

describe('prepareMedia (complaint_media.items.create)', () => {
  it("fills the report from the follow-up a photo is added to (the follow-up form's «Foto untuk warga»)", async () => {
    await expect(prepareMedia({ update: 10, file: MINE, kind: 'image' }, { store, accountability: as('opd_officer') }))
      .resolves.toEqual({ update: 10, complaint: 1, file: MINE, kind: 'image' });
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

describe('prepareMedia: which file may be linked (a link lets the report\'s agency read the file)', () => {
  const officer = as('opd_officer');

  it("links the caller's own upload, on a report attachment or a follow-up photo", async () => {
    await expect(prepareMedia({ complaint: 1, file: MINE, kind: 'image' }, { store, accountability: officer })).resolves.toMatchObject({ file: MINE });
    await expect(prepareMedia({ update: 10, file: { id: MINE }, kind: 'image' }, { store, accountability: officer })).resolves.toMatchObject({ complaint: 1 });
    await expect(prepareMedia({ complaint: 1, file: VERIFIKATORS }, { store, accountability: as('verifikator') })).resolves.toMatchObject({ file: VERIFIKATORS });
  });

  it("refuses a citizen's photo uploaded by the n8n service, another user's upload, an unknown or malformed key: one answer for all (403)", async () => {
    for (const file of [CITIZENS, VERIFIKATORS, 'aaaaaaaa-0000-4000-8000-00000000ffff', 'not-a-uuid', 42, { id: CITIZENS }]) {
      await expect(prepareMedia({ complaint: 1, file, kind: 'image' }, { store, accountability: officer }), String(file))
        .rejects.toMatchObject({ code: 'MEDIA.FILE_NOT_YOURS', message: FILE_REFUSAL });
    }
    // The verifikator reads every file, but a link would show it to the report's agency: the same rule.
    await expect(prepareMedia({ complaint: 2, file: CITIZENS }, { store, accountability: as('verifikator') })).rejects.toMatchObject({ code: 'MEDIA.FILE_NOT_YOURS' });
  });

  it('refuses re-linking an own upload another attachment already holds', async () => {
    await expect(prepareMedia({ complaint: 1, file: MINE_LINKED }, { store, accountability: officer })).rejects.toMatchObject({ code: 'MEDIA.FILE_ALREADY_LINKED', message: FILE_TAKEN });
  });

  it('lets the n8n service and admins link any file (the intake attaches citizens\' photos), and a row without a file or with a new inline file through', async () => {
    await expect(prepareMedia({ complaint: 2, file: CITIZENS }, { store, accountability: null })).resolves.toMatchObject({ file: CITIZENS });
    await expect(prepareMedia({ complaint: 2, file: CITIZENS }, { store, accountability: as('service') })).resolves.toMatchObject({ file: CITIZENS });
    await expect(prepareMedia({ complaint: 2, file: MINE_LINKED }, { store, accountability: admin })).resolves.toMatchObject({ complaint: 2 });
    await expect(prepareMedia({ complaint: 1, kind: 'document' }, { store, accountability: officer })).resolves.toEqual({ complaint: 1, kind: 'document' });
    await expect(prepareMedia({ complaint: 1, file: { title: 'baru' } }, { store, accountability: officer })).resolves.toMatchObject({ complaint: 1 });
  });

  it('refuses callers the policies refuse anyway before looking anything up (pimpinan, the public)', async () => {
    const blind: MediaStore = {
      userAgency: async () => { throw new Error('looked up'); },
      complaintAgency: async () => { throw new Error('looked up'); },
      updateComplaint: async () => { throw new Error('looked up'); },
      fileLink: async () => { throw new Error('looked up'); },
    };
    for (const accountability of [as('pimpinan'), { user: null, role: null, roles: [], admin: false }]) {
      await expect(prepareMedia({ update: 20, complaint: 1, file: CITIZENS }, { store: blind, accountability })).rejects.toMatchObject({ code: 'MEDIA.NOT_ALLOWED' });
    }
  });
});

describe('guardMediaMove (complaint_media.items.update)', () => {
  const links: MediaLinks = { mediaLinks: async (keys) => keys.map((k) => ({ id: k, complaint: 1, update: 10, file: CITIZENS })) };
  const moving = { store: { ...store, ...links }, accountability: as('verifikator') };

  it('refuses moving a photo to another report while it stays on its follow-up, or onto a follow-up of another report', async () => {
    await expect(guardMediaMove({ complaint: 2 }, [5], moving)).rejects.toMatchObject({ code: 'MEDIA.COMPLAINT_MISMATCH' });
    await expect(guardMediaMove({ update: 20 }, [5], moving)).rejects.toMatchObject({ code: 'MEDIA.COMPLAINT_MISMATCH' });
  });

  it('lets a caption change, a consistent move or detaching from the follow-up through', async () => {
    await expect(guardMediaMove({ caption: 'baru' }, [5], moving)).resolves.toBeUndefined();
    await expect(guardMediaMove({ complaint: 2, update: 20 }, [5], moving)).resolves.toBeUndefined();
    await expect(guardMediaMove({ update: null, complaint: 2 }, [5], moving)).resolves.toBeUndefined();
  });

  it('lets the verifikator put in a file only on the rule of a new link', async () => {
    await expect(guardMediaMove({ file: VERIFIKATORS }, [5], moving)).resolves.toBeUndefined();
    // Unchanged file (the form sends it back as it was): nothing to check.
    await expect(guardMediaMove({ file: CITIZENS, caption: 'x' }, [5], moving)).resolves.toBeUndefined();
    await expect(guardMediaMove({ file: MINE }, [5], moving)).rejects.toMatchObject({ code: 'MEDIA.FILE_NOT_YOURS' });
    // One file onto two rows is a second link.
    await expect(guardMediaMove({ file: VERIFIKATORS }, [5, 6], moving)).rejects.toMatchObject({ code: 'MEDIA.FILE_ALREADY_LINKED' });
    // The row being changed may keep or take back its own link.
    const own = { ...moving, store: { ...moving.store, fileLink: async () => ({ uploaded_by: 'verifikator-1', media: [5] }) } };
    await expect(guardMediaMove({ file: VERIFIKATORS }, [5], own)).resolves.toBeUndefined();
  });

  it('refuses roles without an update rule before reading the rows (officers, pimpinan)', async () => {
    for (const role of ['opd_officer', 'camat', 'pimpinan'] as const) {
      await expect(guardMediaMove({ complaint: 2 }, [5], { ...moving, accountability: as(role) })).rejects.toMatchObject({ code: 'MEDIA.NOT_ALLOWED' });
    }
  });
});
