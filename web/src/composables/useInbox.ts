/**
 * The notification inbox (GET /notifications), shared by the header's unread count and the
 * 督办 board: read once per screen change, marked read on the server (per person), so the count
 * is the same on every device.
 */
import { ref } from 'vue';
import { api, type Schemas, unwrap } from '../api/client.ts';

type Inbox = { items: Schemas['Notification'][]; readUpTo?: string; unread: number };

const inbox = ref<Inbox>();

export function useInbox() {
  async function refresh(): Promise<void> {
    inbox.value = await unwrap(api.GET('/notifications'));
  }
  /** Everything listed counts as read from now on: the mark moves to the newest one seen. */
  async function markAllRead(): Promise<void> {
    const newest = inbox.value?.items[0];
    if (!newest) return;
    await unwrap(api.POST('/notifications/read', { body: { upTo: newest.at } }));
    await refresh();
  }
  const isUnread = (n: Schemas['Notification']) =>
    !inbox.value?.readUpTo || new Date(n.at).getTime() > new Date(inbox.value.readUpTo).getTime();
  return { inbox, refresh, markAllRead, isUnread };
}
