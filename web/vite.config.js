import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The C++ server (`guihua serve`) serves dist/; `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: { echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
      },
    },
  },
  // `npm run dev` and `vite preview` forward the API to a running `guihua serve`.
  server: { proxy: { '/api': process.env.GUIHUA_API || 'http://127.0.0.1:8080' } },
  preview: { proxy: { '/api': process.env.GUIHUA_API || 'http://127.0.0.1:8080' } },
});
