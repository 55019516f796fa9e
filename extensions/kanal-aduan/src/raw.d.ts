/** A file imported with `?raw` is its text (Vite in tests, extension.config.mjs in the build). */
declare module '*?raw' {
  const text: string;
  export default text;
}
