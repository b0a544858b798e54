import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Go server serves ../dist; the API runs on :8080 during development.
export default defineConfig({
  plugins: [vue()],
  build: { outDir: '../dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:8080' } },
})
