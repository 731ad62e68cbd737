import {
  IonButton,
  IonContent,
  IonFooter,
  IonIcon,
  IonPage,
  IonProgressBar,
  IonText,
  IonTextarea,
  IonToolbar,
} from '@ionic/react';
import { cameraOutline, imagesOutline, sendOutline } from 'ionicons/icons';
import { useState } from 'react';
import { useHistory } from 'react-router-dom';
import { ApiError, submitImage } from '../api/client';
import { isValidPatientReference, type BodySite } from '../api/clinicalTypes';
import { chooseFromGallery, isCancellation, takePhoto } from '../camera/photoSource';
import { PageHeader } from '../components/PageHeader';
import { PatientContextFields } from '../components/PatientContextFields';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { prepareImageForUpload, type PreparedImage } from '../image/downscale';
import { useOutbox } from '../outbox/OutboxContext';

type Phase = 'idle' | 'preparing' | 'ready' | 'sending';

/** Take or pick a photo, preview it, add an optional description and send it for analysis. */
export function AnalysePage() {
  const { t, locale } = useI18n();
  const history = useHistory();
  const outbox = useOutbox();
  const [phase, setPhase] = useState<Phase>('idle');
  const [image, setImage] = useState<PreparedImage | null>(null);
  const [description, setDescription] = useState('');
  const [patientReference, setPatientReference] = useState('');
  const [bodySite, setBodySite] = useState<BodySite | ''>('');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const pick = async (source: () => Promise<Blob>) => {
    setError(null);
    let blob: Blob;
    try {
      blob = await source();
    } catch (caught) {
      if (!isCancellation(caught)) setError(t('analyse.imageError'));
      return;
    }
    setPhase('preparing');
    try {
      setImage(await prepareImageForUpload(blob));
      setPhase('ready');
    } catch {
      setImage(null);
      setPhase('idle');
      setError(t('analyse.imageError'));
    }
  };

  const reset = () => {
    setImage(null);
    setDescription('');
    setPatientReference('');
    setBodySite('');
    setProgress(0);
    setError(null);
    setPhase('idle');
  };

  const send = async () => {
    if (!image || phase === 'sending' || !isValidPatientReference(patientReference)) return;
    setPhase('sending');
    setProgress(0);
    setError(null);
    const context = { patientReference: patientReference.trim() || undefined, bodySite: bodySite || undefined };
    const queue = () => outbox.enqueue({ image: image.dataUrl, description: description.trim(), ...context });
    try {
      if (navigator.onLine) {
        await submitImage(image.dataUrl, description, setProgress, context);
      } else {
        await queue();
      }
      reset();
      history.push('/app/requests');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 0) {
        // No connection after all: keep the photo on the device and send it when the line returns.
        await queue();
        reset();
        history.push('/app/requests');
        return;
      }
      setError(describeError(caught, t, locale));
      setPhase('ready');
    }
  };

  const sending = phase === 'sending';
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(progress);

  return (
    <IonPage data-testid="analyse-page">
      <PageHeader title={t('analyse.title')} />
      <IonContent className="ion-padding">
        <div className="page-body">
          <p>{t('analyse.intro')}</p>
          <div className="source-buttons">
            <IonButton data-testid="take-photo" disabled={sending} onClick={() => void pick(takePhoto)}>
              <IonIcon slot="start" icon={cameraOutline} aria-hidden="true" />
              {t('analyse.takePhoto')}
            </IonButton>
            <IonButton
              data-testid="choose-gallery"
              fill="outline"
              disabled={sending}
              onClick={() => void pick(chooseFromGallery)}
            >
              <IonIcon slot="start" icon={imagesOutline} aria-hidden="true" />
              {t('analyse.chooseGallery')}
            </IonButton>
          </div>

          <div className="preview" data-testid="preview-area">
            {phase === 'preparing' && <IonProgressBar type="indeterminate" />}
            {image ? (
              <img src={image.dataUrl} alt={t('analyse.previewAlt')} data-testid="preview" />
            ) : (
              <p className="muted">{phase === 'preparing' ? t('analyse.preparing') : t('analyse.noImage')}</p>
            )}
          </div>

          <IonTextarea
            data-testid="analyse-description"
            label={t('analyse.description')}
            labelPlacement="floating"
            fill="outline"
            placeholder={t('analyse.descriptionPlaceholder')}
            autoGrow
            maxlength={500}
            value={description}
            disabled={sending}
            onIonInput={(event) => setDescription(String(event.detail.value ?? ''))}
          />

          <PatientContextFields
            patientReference={patientReference}
            bodySite={bodySite}
            disabled={sending}
            onPatientReference={setPatientReference}
            onBodySite={setBodySite}
          />

          {sending && (
            <div className="upload-progress" data-testid="upload-progress">
              <IonProgressBar value={progress} />
              <span>{t('analyse.uploading', { percent })}</span>
            </div>
          )}
          {error && (
            <IonText color="danger">
              <p className="form-error" role="alert" data-testid="analyse-error">
                {error}
              </p>
            </IonText>
          )}
        </div>
      </IonContent>
      {/* In a footer above the tab bar, so the primary action is on screen even at 360 px. */}
      <IonFooter>
        <IonToolbar className="action-toolbar">
          <div className="action-buttons page-body">
            <IonButton
              data-testid="analyse-submit"
              disabled={!image || phase !== 'ready' || !isValidPatientReference(patientReference)}
              onClick={() => void send()}
            >
              <IonIcon slot="start" icon={sendOutline} aria-hidden="true" />
              {t('analyse.submit')}
            </IonButton>
            <IonButton
              data-testid="analyse-cancel"
              fill="outline"
              color="medium"
              disabled={sending || (!image && !description)}
              onClick={reset}
            >
              {t('analyse.cancel')}
            </IonButton>
          </div>
        </IonToolbar>
      </IonFooter>
    </IonPage>
  );
}
