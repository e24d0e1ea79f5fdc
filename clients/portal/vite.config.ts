import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One static build for every municipality: what differs (gateway, login, municipality, tiles) is
// read at run time from config.json beside index.html.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { port: 5173, strictPort: true },
});
