import { IonApp, IonIcon, IonLabel, IonRouterOutlet, IonTabBar, IonTabButton, IonTabs } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { Suspense, useEffect, useState } from 'react';
import { Redirect, Route } from 'react-router-dom';
import { useI18n } from './i18n/I18nContext';
import './ionicSetup';
import { HOME_PATH, returnPathFrom } from './navigation/returnTo';
import { OutboxProvider } from './outbox/OutboxContext';
import { SIGNED_IN_ROUTES, TABS } from './routes';
import { useSession } from './session/SessionContext';

/** The tabs and pages of a signed-in user; loaded as its own chunk after the login form. */
export function SignedInApp() {
  const { t } = useI18n();
  const { session } = useSession();
  const roles = session?.user.roles ?? [];
  // Just signed in at /login?next=…: go where the visitor was going (set before the router starts).
  useState(() => {
    if (window.location.pathname === '/login') {
      window.history.replaceState(null, '', returnPathFrom(window.location.search));
    }
    return null;
  });
  const tabs = TABS.filter((tab) => !tab.roles || tab.roles.some((role) => roles.includes(role)));

  // Fetch every view's chunk once the shell is up, so opening a tab on a slow line is instant.
  useEffect(() => {
    const timer = window.setTimeout(() => SIGNED_IN_ROUTES.forEach((route) => void route.preload()), 300);
    return () => window.clearTimeout(timer);
  }, []);

  return (
    <IonApp>
      <OutboxProvider>
        <IonReactRouter>
          <IonTabs>
            <IonRouterOutlet>
              {SIGNED_IN_ROUTES.map(({ path, view: View }) => (
                <Route
                  key={path}
                  exact
                  path={path}
                  render={() => (
                    // Ionic keeps the previous page on screen until this one has mounted its IonPage.
                    <Suspense fallback={null}>
                      <View />
                    </Suspense>
                  )}
                />
              ))}
              <Route>
                <Redirect to={HOME_PATH} />
              </Route>
            </IonRouterOutlet>
            <IonTabBar slot="bottom">
              {tabs.map((tab) => (
                <IonTabButton key={tab.tab} tab={tab.tab} href={tab.href} data-testid={`tab-${tab.tab}`}>
                  <IonIcon icon={tab.icon} aria-hidden="true" />
                  <IonLabel>{t(tab.label)}</IonLabel>
                </IonTabButton>
              ))}
            </IonTabBar>
          </IonTabs>
        </IonReactRouter>
      </OutboxProvider>
    </IonApp>
  );
}
