import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One static build for every region: gateway, login and region are read at run time from config.json.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { port: 5175, strictPort: true },
});
