/** Ionic's one-time setup, run by the first signed-in chunk that loads (the login page has no Ionic). */
import { setupIonicReact } from '@ionic/react';

// Material Design everywhere, so the app (and its screenshots) look the same on every device.
setupIonicReact({ mode: 'md' });
