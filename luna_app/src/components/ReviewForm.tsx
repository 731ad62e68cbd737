import { IonButton, IonIcon, IonItem, IonLabel, IonList, IonListHeader, IonRadio, IonRadioGroup, IonText, IonTextarea } from '@ionic/react';
import { checkmarkDoneOutline } from 'ionicons/icons';
import { useState } from 'react';
import {
  IMPRESSIONS,
  RECOMMENDATIONS,
  type Impression,
  type Recommendation,
  type ReviewSubmission,
} from '../api/clinicalTypes';
import { useI18n } from '../i18n/I18nContext';

interface ReviewFormProps {
  amends: boolean;
  sending: boolean;
  onSubmit: (review: ReviewSubmission) => void;
}

/** The dermatologist's answer: impression, recommendation, agreement with the model, comment. */
export function ReviewForm({ amends, sending, onSubmit }: ReviewFormProps) {
  const { t } = useI18n();
  const [impression, setImpression] = useState<Impression | ''>('');
  const [recommendation, setRecommendation] = useState<Recommendation | ''>('');
  const [agrees, setAgrees] = useState<'yes' | 'no' | ''>('');
  const [comment, setComment] = useState('');
  const [incomplete, setIncomplete] = useState(false);

  const complete = !!impression && !!recommendation && !!agrees;
  const submit = () => {
    if (!impression || !recommendation || !agrees) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    const trimmed = comment.trim();
    onSubmit({
      impression,
      recommendation,
      agreesWithModel: agrees === 'yes',
      ...(trimmed ? { comment: trimmed } : {}),
      ...(amends ? { amends: true } : {}),
    });
  };

  return (
    <form
      className="review-form"
      data-testid="review-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="review-choices">
        <IonList lines="none">
          <IonRadioGroup
            value={impression}
            onIonChange={(event) => setImpression(event.detail.value as Impression)}
          >
            <IonListHeader>
              <IonLabel>{t('review.impression')}</IonLabel>
            </IonListHeader>
            {IMPRESSIONS.map((value) => (
              <IonItem key={value}>
                <IonRadio value={value} data-testid={`impression-${value}`} justify="start" labelPlacement="end">
                  {t(`impression.${value}`)}
                </IonRadio>
              </IonItem>
            ))}
          </IonRadioGroup>
        </IonList>
        <IonList lines="none">
          <IonRadioGroup
            value={recommendation}
            onIonChange={(event) => setRecommendation(event.detail.value as Recommendation)}
          >
            <IonListHeader>
              <IonLabel>{t('review.recommendation')}</IonLabel>
            </IonListHeader>
            {RECOMMENDATIONS.map((value) => (
              <IonItem key={value}>
                <IonRadio value={value} data-testid={`recommendation-${value}`} justify="start" labelPlacement="end">
                  {t(`recommendation.${value}`)}
                </IonRadio>
              </IonItem>
            ))}
          </IonRadioGroup>
        </IonList>
        <IonList lines="none">
          <IonRadioGroup value={agrees} onIonChange={(event) => setAgrees(event.detail.value as 'yes' | 'no')}>
            <IonListHeader>
              <IonLabel>{t('review.agreesWithModel')}</IonLabel>
            </IonListHeader>
            <IonItem>
              <IonRadio value="yes" data-testid="agrees-yes" justify="start" labelPlacement="end">
                {t('review.yes')}
              </IonRadio>
            </IonItem>
            <IonItem>
              <IonRadio value="no" data-testid="agrees-no" justify="start" labelPlacement="end">
                {t('review.no')}
              </IonRadio>
            </IonItem>
          </IonRadioGroup>
        </IonList>
      </div>
      <IonTextarea
        data-testid="review-comment-input"
        label={t('review.comment')}
        labelPlacement="floating"
        fill="outline"
        autoGrow
        maxlength={4000}
        value={comment}
        disabled={sending}
        onIonInput={(event) => setComment(String(event.detail.value ?? ''))}
      />
      {incomplete && !complete && (
        <IonText color="danger">
          <p role="alert" data-testid="review-incomplete">
            {t('reviewPage.chooseAll')}
          </p>
        </IonText>
      )}
      <IonButton type="submit" expand="block" data-testid="review-submit" disabled={sending}>
        <IonIcon slot="start" icon={checkmarkDoneOutline} aria-hidden="true" />
        {t(amends ? 'reviewPage.amend' : 'reviewPage.submit')}
      </IonButton>
    </form>
  );
}
