import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  optionalDependencies?: Record<string, string>
}

export default defineConfig({
  main: {
    build: {
      // Dependencies (better-sqlite3 is native) stay in node_modules; optional ones may be absent at build time.
      externalizeDeps: { include: Object.keys(pkg.optionalDependencies ?? {}) },
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/main/hosts/electron/index.ts') } }
    }
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // Sandboxed preloads are run as classic scripts: they must be CommonJS whatever package.json says.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; the browser host serves it over the network,
      // and either host's first screen waits on parsing it. Source maps keep stack traces readable.
      minify: true,
      sourcemap: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } }
    }
  }
})
