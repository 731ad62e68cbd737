import { IonContent, IonPage, IonProgressBar, IonText } from '@ionic/react';
import { useParams } from 'react-router-dom';
import { Disclaimer } from '../components/Disclaimer';
import { ModelCardView } from '../components/ModelCardView';
import { PageHeader } from '../components/PageHeader';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { useModelCard } from '../results/useModelCard';

/** "About this model": the card of the model that produced a result. */
export function ModelPage() {
  const { t, locale } = useI18n();
  const { name, version } = useParams<{ name: string; version: string }>();
  const state = useModelCard(name, version);
  return (
    <IonPage data-testid="model-page">
      <PageHeader title={t('model.title')} backHref="/app/requests" />
      <IonContent className="ion-padding">
        <div className="page-body">
          {state.status === 'loading' && <IonProgressBar type="indeterminate" />}
          {state.status === 'ready' && <ModelCardView card={state.card} />}
          {state.status === 'missing' && (
            <p data-testid="model-missing">
              {name} · {version}: {t('model.notPublished')}
            </p>
          )}
          {state.status === 'error' && (
            <IonText color="danger">
              <p role="alert" data-testid="model-error">
                {describeError(state.error, t, locale)}
              </p>
            </IonText>
          )}
          <Disclaimer />
        </div>
      </IonContent>
    </IonPage>
  );
}
