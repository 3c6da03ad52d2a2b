/**
 * A list the screen shows the newest of, with 加载更多 for older pages: the record carries its
 * newest entries and a cursor; each click fetches the next older page (newest first) from there.
 * A reloaded record starts over from its own newest entries.
 */
import { type Ref, ref, watch } from 'vue';
import { useFormErrors } from './useFormErrors.ts';

export interface OlderPage<T> {
  items: T[];
  nextCursor: string | null;
}

export function useOlderPages<T>(
  newest: () => unknown,
  cursor: () => string | null,
  fetchOlder: (cursor: string) => Promise<OlderPage<T>>,
) {
  const older = ref<T[]>([]) as Ref<T[]>;
  const next = ref<string | null>(cursor());
  const loading = ref(false);
  const { report } = useFormErrors();
  watch(newest, () => {
    older.value = [];
    next.value = cursor();
  });

  async function loadMore(): Promise<void> {
    if (!next.value) return;
    loading.value = true;
    try {
      const page = await fetchOlder(next.value);
      older.value = [...older.value, ...page.items];
      next.value = page.nextCursor;
    } catch (error) {
      report(error);
    } finally {
      loading.value = false;
    }
  }

  return { older, next, loading, loadMore };
}
