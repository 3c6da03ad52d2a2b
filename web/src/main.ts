import { createApp } from 'vue';
import App from './App.vue';
import { onSessionExpired } from './composables/useSession.ts';
import { router } from './router.ts';
import './styles.css';

onSessionExpired(() => {
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  void router.push({ name: 'sign-in', query: { expired: '1', redirect: here.fullPath } });
});

createApp(App).use(router).mount('#app');
