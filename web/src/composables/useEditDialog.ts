/**
 * The create / edit dialog of a registry page (中心, 承办单位, 联办事项): one form, filled from
 * blank or from the record being edited, the open and saving flags, and the field errors of the
 * last save (useFormErrors). The page says how a record fills the form and what a save sends.
 */
import { reactive, ref, shallowRef } from 'vue';
import { useFormErrors } from './useFormErrors.ts';

export function useEditDialog<F extends object, R>(blank: () => F, fromRecord: (record: R) => Partial<F>) {
  const form = reactive(blank()) as F;
  const editing = shallowRef<R>();
  const open = ref(false);
  const saving = ref(false);
  const { fieldErrors, report, clear } = useFormErrors();

  function show(record?: R): void {
    Object.assign(form, blank(), record === undefined ? {} : fromRecord(record));
    editing.value = record;
    clear();
    open.value = true;
  }

  /** One save: earlier errors cleared, `saving` while it runs, a failure shown on the form. */
  async function submit(work: () => Promise<void>): Promise<void> {
    clear();
    saving.value = true;
    try {
      await work();
    } catch (error) {
      report(error);
    } finally {
      saving.value = false;
    }
  }

  return {
    form,
    editing,
    open,
    saving,
    fieldErrors,
    startCreate: () => show(),
    startEdit: (record: R) => show(record),
    submit,
  };
}
