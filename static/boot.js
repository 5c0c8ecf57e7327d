// Starts the gwlog WebAssembly app. Trunk normally injects an inline loader script; this file
// replaces it so index.html can keep a strict Content-Security-Policy (no inline scripts).
// Trunk's `pattern_script` (Trunk.toml) passes the hashed file names as data attributes.
const tag = document.querySelector("script[data-gwlog-js]");
const init = (await import(new URL(tag.dataset.gwlogJs, document.baseURI))).default;
await init({ module_or_path: new URL(tag.dataset.gwlogWasm, document.baseURI) });
