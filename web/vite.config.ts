/**
 * The console's build: Vue 3 single-file components, Element Plus imported on demand (each
 * component and its CSS only where a page uses it), one lazy chunk per screen. `npm start` and
 * the browser tests build it into web/dist; CDK deploys web/dist to S3 behind CloudFront.
 */
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  plugins: [
    vue(),
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dirs: [],
      dts: 'src/components.d.ts',
    }),
  ],
  // The manifest lets scripts/console-size.ts add up what each screen loads.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false, manifest: true },
});
