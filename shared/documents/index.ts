/** Printable documents (Form A.1, Form A.2, the one-time notice, meeting minutes): one renderer for HTTP, e-mail and archive. */
export { CONTINUATION_MARKER, FONT_LADDER, fitTextBlocks } from './fit.ts';
export { formatDate, formatDateTime } from './format.ts';
export {
  escapeHtml,
  html,
  type PageOptions,
  renderPage,
  type SafeHtml,
  safeHttpUrl,
  trustedHtml,
} from './html.ts';
export { INTAKE_FORM_LABELS, type IntakeFormInput, renderIntakeForm } from './intake-form.ts';
export { CATEGORY_LABELS, CHANNEL_LABELS, SCOPE_KIND_LABELS } from './labels.ts';
export { MEETING_MINUTES_LABELS, type MeetingMinutesInput, renderMeetingMinutes } from './meeting-minutes.ts';
export { NOTICE_LABELS, type NoticeInput, renderNotice } from './notice.ts';
export {
  type ActionLink,
  renderTransferForm,
  TRANSFER_FORM_LABELS,
  type TransferFormInput,
} from './transfer-form.ts';
