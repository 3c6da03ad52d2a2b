/** Whether the screen is phone-narrow (< 768 px): lists become cards, the menu a drawer. */
import { onBeforeUnmount, ref } from 'vue';

export function useNarrow() {
  const query = window.matchMedia('(max-width: 767px)');
  const narrow = ref(query.matches);
  const update = (e: MediaQueryListEvent) => {
    narrow.value = e.matches;
  };
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return narrow;
}
