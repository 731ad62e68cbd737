import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadSignedInApp } from './App';
import { I18nProvider } from './i18n/I18nContext';
import { SessionProvider } from './session/SessionContext';

import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import '@ionic/react/css/flex-utils.css';
import '@ionic/react/css/display.css';
import './theme/variables.css';
import './theme/app.css';
import './theme/clinical.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);

// After the first paint: the signed-in app (most visitors are about to sign in) and the camera
// modal that @capacitor/camera opens in a browser.
window.setTimeout(() => {
  preloadSignedInApp();
  void import('@ionic/pwa-elements/loader').then(({ defineCustomElements }) => defineCustomElements(window));
}, 0);
