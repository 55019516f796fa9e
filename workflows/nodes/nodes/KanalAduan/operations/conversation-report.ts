import type { DraftMedia, NewReport } from '@kanal-aduan/core';
import type { DirectusClient } from '../directus-client.ts';
import { upsertCitizen } from './citizen-upsert.ts';

// The create_report effect of the conversation: citizen, complaint (the
// Directus hook numbers it), then each attachment fetched from WhatsApp into
// Directus's file library. A failed attachment does not undo the report; it
// is reported back so the execution shows it.

/** WhatsApp media id -> bytes (Graph API: id -> short-lived URL -> bytes, with the same token). */
export type MediaDownloader = (mediaId: string) => Promise<{ bytes: Buffer; mimeType: string }>;

export interface StoredReport {
	id: number;
	ticket: string;
	/** The citizen's tracking code, drawn by the Directus hook; only the ticket confirmation carries it. */
	trackingCode: string | null;
	citizenId: string;
	media: Array<{ wa_media_id: string; file: string; id: number }>;
	mediaErrors: Array<{ wa_media_id: string; error: string }>;
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'application/pdf': 'pdf',
};

/** A readable file name for the file library: ADU-2611-00042-1.jpg. */
export function mediaFileName(ticket: string, index: number, mimeType: string): string {
	const base = mimeType.split(';')[0]!.trim().toLowerCase();
	const ext = EXTENSIONS[base] ?? base.split('/')[1]?.replace(/[^a-z0-9]/g, '') ?? 'bin';
	return `${ticket}-${index + 1}.${ext || 'bin'}`;
}

/** A short title for the admins' list view: the first line of the story, cut at a word. */
export function reportTitle(description: string, max = 80): string {
	const first = description.split('\n')[0]!.replace(/\s+/g, ' ').trim();
	if (first.length <= max) return first;
	const cut = first.slice(0, max - 1);
	return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

export async function storeReport(
	directus: DirectusClient,
	report: NewReport,
	opts: { download: MediaDownloader | null; inboundLogId?: string | null },
): Promise<StoredReport> {
	const { citizen } = await upsertCitizen(directus, report.reporter_wa_id, report.reporter_name ?? '');
	const complaint = await directus.create<{ id: number; ticket: string | null; tracking_code?: string | null }>(
		'complaints',
		{
			type: report.type,
			category: report.category,
			title: reportTitle(report.description),
			description: report.description,
			region: report.region,
			latitude: report.latitude,
			longitude: report.longitude,
			address: report.address,
			channel: report.channel,
			reporter: citizen.id,
			confidential: report.confidential,
			locale: report.locale,
			status: 'received',
		},
		['id', 'ticket', 'tracking_code'],
	);
	if (!complaint?.ticket) {
		throw new Error(
			`Laporan #${complaint?.id ?? '?'} tersimpan tanpa nomor tiket — pastikan ekstensi Directus "kanal-aduan" terpasang dan aktif.`,
		);
	}
	if (opts.inboundLogId) await directus.update('wa_messages', opts.inboundLogId, { complaint: complaint.id }, ['id']);

	const stored: StoredReport = {
		id: complaint.id,
		ticket: complaint.ticket,
		trackingCode: complaint.tracking_code ?? null,
		citizenId: citizen.id,
		media: [],
		mediaErrors: [],
	};
	for (const [index, m] of report.media.entries()) {
		try {
			stored.media.push(await storeMedia(directus, complaint, index, m, opts.download));
		} catch (error) {
			stored.mediaErrors.push({ wa_media_id: m.wa_media_id, error: error instanceof Error ? error.message : String(error) });
		}
	}
	return stored;
}

/** Copies one WhatsApp attachment into Directus files and records it on the report (and on `update`, when given). */
export async function storeMedia(
	directus: DirectusClient,
	complaint: { id: number; ticket: string | null },
	index: number,
	m: DraftMedia,
	download: MediaDownloader | null,
	update?: number,
): Promise<{ wa_media_id: string; file: string; id: number }> {
	let file: string | null = null;
	let mimeType = m.mime_type;
	if (download) {
		const fetched = await download(m.wa_media_id);
		mimeType = m.mime_type ?? fetched.mimeType;
		const uploaded = await directus.upload({
			bytes: fetched.bytes,
			filename: mediaFileName(complaint.ticket ?? String(complaint.id), index, fetched.mimeType),
			mimeType: fetched.mimeType.split(';')[0]!.trim(),
			title: `${complaint.ticket} — lampiran ${index + 1}`,
		});
		file = uploaded.id;
	}
	const row = await directus.create<{ id: number }>(
		'complaint_media',
		{ complaint: complaint.id, ...(update !== undefined ? { update } : {}), file, kind: m.kind, wa_media_id: m.wa_media_id, mime_type: mimeType, caption: m.caption },
		['id'],
	);
	return { wa_media_id: m.wa_media_id, file: file ?? '', id: row.id };
}
