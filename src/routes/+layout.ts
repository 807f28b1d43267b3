// The app is a client-only PWA: its data lives in IndexedDB, so there is nothing to render on the server.
export const ssr = false;
export const prerender = false;
