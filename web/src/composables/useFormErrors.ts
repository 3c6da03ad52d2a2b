/**
 * How a form shows what the server said: a 400's (or a 422's) details on their fields (the server's Chinese
 * messages, keyed by field path such as `reporter.phone`), a 409 as "someone else changed it —
 * reload?", anything else as one message. Nothing typed is cleared on an error.
 */
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { ElMessage, ElMessageBox } from 'element-plus';
import { reactive } from 'vue';
import { ApiError } from '../api/client.ts';

export function useFormErrors() {
  const fieldErrors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
  }

  /** Shows an error where it belongs; `reload` is offered when the case changed meanwhile. */
  function report(error: unknown, reload?: () => unknown): void {
    clear();
    if (!(error instanceof ApiError)) {
      ElMessage.error('操作未成功，请稍后重试');
      return;
    }
    if (error.status === 401) return; // the session has ended; the app shows the sign-in page
    // A 422 may name its field too (a webhook URL the guard refuses): shown there as well.
    if ((error.status === 400 || error.status === 422) && error.details.length) {
      for (const d of error.details) fieldErrors[d.field] = d.message;
      ElMessage.error('请按标红的提示修改后再提交');
      return;
    }
    if (error.status === 409 && reload) {
      ElMessageBox.confirm(`${error.message}。重新加载最新内容吗？您填写的内容不会丢失。`, '案件已有变化', {
        confirmButtonText: '重新加载',
        cancelButtonText: '暂不',
        type: 'warning',
      })
        .then(() => reload())
        .catch(() => undefined);
      return;
    }
    ElMessage.error(error.message);
  }

  return { fieldErrors, clear, report };
}
