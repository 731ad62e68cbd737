/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  readonly VITE_LUNA_API_URL?: string;
  readonly VITE_LUNA_NEXT_STEP_HIGHER?: string;
  readonly VITE_LUNA_NEXT_STEP_LOWER?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
