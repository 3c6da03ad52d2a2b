/**
 * One case action as a dialog uses it: open/busy state, the server's field errors, and a send
 * that closes the dialog on success and, on a 409, offers to reload — keeping what was typed.
 */
import { ref } from 'vue';
import { useFormErrors } from '../../composables/useFormErrors.ts';

export function useCaseAction(done: () => void, reload: () => void) {
  const open = ref(false);
  const busy = ref(false);
  const { fieldErrors, report, clear } = useFormErrors();

  async function send(request: () => Promise<unknown>): Promise<void> {
    clear();
    busy.value = true;
    try {
      await request();
      open.value = false;
      done();
    } catch (error) {
      report(error, () => {
        open.value = false;
        reload();
      });
    } finally {
      busy.value = false;
    }
  }

  return { open, busy, fieldErrors, send };
}
