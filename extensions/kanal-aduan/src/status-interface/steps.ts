import {
  isStatus,
  STATUS_ADMIN_LABELS,
  STATUS_REASON_LABELS,
  transitionsFor,
  type Role,
  type Status,
  type StatusReason,
  type TransitionAction,
} from '@kanal-aduan/core/statuses';
import { relationKey } from '../shared/relation-key.ts';

/**
 * What the report page offers as the next step. The moves come from core's
 * transition table for the viewer's role, so the app never offers a move the
 * status guard would refuse; the words are the officers' own (SP4N-LAPOR!:
 * Verifikasi, Tunda, Bukan Wewenang).
 */
export type StatusStep = {
  to: Status;
  action: TransitionAction | 'stay';
  label: string;
  hint: string;
  icon: string;
  reasons: readonly StatusReason[] | null;
};

const ACTIONS: Record<TransitionAction, { label: string; hint: string; icon: string }> = {
  verify: { label: 'Verifikasi', hint: 'Laporan jelas dan layak ditindaklanjuti; saran instansi dihitung otomatis.', icon: 'fact_check' },
  request_info: { label: 'Tunda: minta keterangan warga', hint: 'Tulis pertanyaan di «Catatan untuk warga»; dikirim lewat WhatsApp.', icon: 'contact_support' },
  provide_info: { label: 'Keterangan warga sudah diterima', hint: 'Kembali ke antrean verifikasi.', icon: 'mark_chat_read' },
  reject: { label: 'Tolak', hint: 'Pilih «Alasan» (spam, laporan ganda, di luar kewenangan, tidak dapat ditindaklanjuti); untuk laporan ganda pilih nomor tiketnya di «Laporan asli (duplikat dari)».', icon: 'block' },
  dispose: { label: 'Disposisikan ke instansi', hint: 'Instansi tujuan terisi dari saran; ubah bila perlu.', icon: 'alt_route' },
  accept: { label: 'Terima dan mulai tindak lanjut', hint: 'Laporan menjadi tanggung jawab instansi Anda.', icon: 'assignment_turned_in' },
  return: {
    label: 'Kembalikan: bukan wewenang',
    hint: 'Tulis alasannya di «Catatan untuk warga»: pada langkah ini catatan tidak dikirim ke warga, hanya dibaca verifikator. Setelah disimpan laporan kembali ke verifikator dan tidak lagi tampil untuk instansi Anda.',
    icon: 'undo',
  },
  resolve: { label: 'Selesai ditangani', hint: 'Tulis ringkasan penyelesaian di «Catatan untuk warga»; dikirim ke warga bersama permintaan menilai penanganan (1–5).', icon: 'task_alt' },
  close: { label: 'Tutup laporan', hint: 'Pilih alasan penutupan.', icon: 'lock' },
  reopen: { label: 'Buka kembali', hint: 'Laporan kembali ke instansi yang sama.', icon: 'replay' },
};

const BACKWARD = new Set<TransitionAction>(['reject', 'return']);

export function statusLabel(status: string | null | undefined): string {
  return isStatus(status) ? STATUS_ADMIN_LABELS[status].id : '—';
}

export function reasonLabel(reason: StatusReason): string {
  return STATUS_REASON_LABELS[reason].id;
}

/** "Keep as it is" first, then every move `role` may make from `stored`. */
export function stepsFor(stored: string | null | undefined, role: Role): StatusStep[] {
  if (!isStatus(stored)) return [];
  const moves = transitionsFor(stored, role)
    .map((t) => ({ to: t.to, action: t.action, reasons: t.reasons ?? null, ...ACTIONS[t.action] }))
    // The way forward first; refusing or handing back last.
    .sort((a, b) => Number(BACKWARD.has(a.action)) - Number(BACKWARD.has(b.action)));
  if (moves.length === 0) return [];
  return [{ to: stored, action: 'stay', label: `Tetap «${statusLabel(stored)}»`, hint: 'Simpan perubahan lain tanpa mengubah status.', icon: 'radio_button_unchecked', reasons: null }, ...moves];
}

/** The form fields a step fills for the officer, so the move is complete in one save. */
export function companionValues(
  step: StatusStep,
  values: Record<string, unknown>,
  original: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const reason = values['status_reason'] ?? null;
  if (step.action === 'return') out['status_reason'] = 'not_authority';
  else if (step.reasons) {
    // A reason left over from another choice (e.g. "bukan wewenang") is not valid here.
    const fill = step.reasons.length === 1 ? step.reasons[0]! : null;
    if (!step.reasons.includes(reason as StatusReason) && reason !== fill) out['status_reason'] = fill;
  } else if (reason !== (original['status_reason'] ?? null)) out['status_reason'] = original['status_reason'] ?? null;

  if (step.action === 'dispose') {
    // Pre-fill the routing suggestion (n8n wrote it when the report was verified).
    if (!relationKey(values['assigned_agency']) && relationKey(values['suggested_agency'])) {
      out['assigned_agency'] = relationKey(values['suggested_agency']);
    }
  } else if (relationKey(values['assigned_agency']) !== relationKey(original['assigned_agency'])) {
    out['assigned_agency'] = original['assigned_agency'] ?? null;
  }
  return out;
}
