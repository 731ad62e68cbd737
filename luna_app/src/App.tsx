import { IonApp, IonIcon, IonLabel, IonRouterOutlet, IonTabBar, IonTabButton, IonTabs } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { cameraOutline, clipboardOutline, listOutline, personCircleOutline } from 'ionicons/icons';
import { Redirect, Route } from 'react-router-dom';
import { useI18n } from './i18n/I18nContext';
import { AccountPage } from './pages/AccountPage';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { AnalysePage } from './pages/AnalysePage';
import { AuditPage } from './pages/AuditPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { DetailPage } from './pages/DetailPage';
import { LoginPage } from './pages/LoginPage';
import { RequestsPage } from './pages/RequestsPage';
import { ReviewPage } from './pages/ReviewPage';
import { WorklistPage } from './pages/WorklistPage';
import { useSession } from './session/SessionContext';

function SignedInTabs() {
  const { t } = useI18n();
  const { session } = useSession();
  const dermatologist = session?.user.roles.includes('dermatologist') ?? false;
  return (
    <IonTabs>
      <IonRouterOutlet>
        <Route exact path="/app/analyse" component={AnalysePage} />
        <Route exact path="/app/requests" component={RequestsPage} />
        <Route exact path="/app/requests/:id" component={DetailPage} />
        <Route exact path="/app/account" component={AccountPage} />
        <Route exact path="/app/worklist" component={WorklistPage} />
        <Route exact path="/app/worklist/:id" component={ReviewPage} />
        <Route exact path="/app/admin/users" component={AdminUsersPage} />
        <Route exact path="/app/admin/audit" component={AuditPage} />
        <Route exact path="/app">
          <Redirect to="/app/analyse" />
        </Route>
      </IonRouterOutlet>
      <IonTabBar slot="bottom">
        <IonTabButton tab="analyse" href="/app/analyse" data-testid="tab-analyse">
          <IonIcon icon={cameraOutline} aria-hidden="true" />
          <IonLabel>{t('tabs.analyse')}</IonLabel>
        </IonTabButton>
        <IonTabButton tab="requests" href="/app/requests" data-testid="tab-requests">
          <IonIcon icon={listOutline} aria-hidden="true" />
          <IonLabel>{t('tabs.requests')}</IonLabel>
        </IonTabButton>
        {dermatologist && (
          <IonTabButton tab="worklist" href="/app/worklist" data-testid="tab-worklist">
            <IonIcon icon={clipboardOutline} aria-hidden="true" />
            <IonLabel>{t('tabs.worklist')}</IonLabel>
          </IonTabButton>
        )}
        <IonTabButton tab="account" href="/app/account" data-testid="tab-account">
          <IonIcon icon={personCircleOutline} aria-hidden="true" />
          <IonLabel>{t('tabs.account')}</IonLabel>
        </IonTabButton>
      </IonTabBar>
    </IonTabs>
  );
}

/**
 * Two route trees: the login page for visitors, the tabs for a signed-in user. The router is
 * remounted when the session starts or ends, so no signed-in page survives a logout.
 */
export function App() {
  const { session } = useSession();
  const signedIn = !!session;
  return (
    <IonApp>
      <IonReactRouter key={session?.mustChangePassword ? 'must-change' : signedIn ? 'signed-in' : 'signed-out'}>
        {session?.mustChangePassword ? (
          <IonRouterOutlet>
            <Route component={ChangePasswordPage} />
          </IonRouterOutlet>
        ) : signedIn ? (
          <IonRouterOutlet>
            <Route path="/app" render={() => <SignedInTabs />} />
            <Route>
              <Redirect to="/app/analyse" />
            </Route>
          </IonRouterOutlet>
        ) : (
          <IonRouterOutlet>
            <Route exact path="/login" component={LoginPage} />
            <Route>
              <Redirect to="/login" />
            </Route>
          </IonRouterOutlet>
        )}
      </IonReactRouter>
    </IonApp>
  );
}
