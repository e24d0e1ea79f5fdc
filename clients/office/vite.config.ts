import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One static build for every municipality: gateway and login are read at run time from config.json.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { port: 5174, strictPort: true },
});
