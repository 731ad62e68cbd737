import { IonButton, IonIcon, IonText, IonTextarea } from '@ionic/react';
import { chatbubbleEllipsesOutline } from 'ionicons/icons';
import { useState } from 'react';
import type { AnalysisDetail } from '../api/types';
import { requestReview } from '../api/reviews';
import { formatDateTime, formatProbability } from '../analysisView';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { ReviewOpinionCard } from './ReviewOpinionCard';

/** The GP's side of the review: the opinion, the wait, or a button to ask for one. */
export function ReviewSection({ analysis, onChanged }: { analysis: AnalysisDetail; onChanged?: () => void }) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const review = analysis.review;

  if (review?.status === 'done') return <ReviewOpinionCard review={review} />;
  if (review?.status === 'pending') {
    return (
      <IonText color="medium">
        <p data-testid="review-waiting">{t('review.waiting')}</p>
      </IonText>
    );
  }
  if (analysis.status === 'failed') return null;

  const ask = async () => {
    setSending(true);
    setError(null);
    try {
      await requestReview(analysis.id, question);
      onChanged?.();
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="ask-review" data-testid="ask-review">
      <IonTextarea
        data-testid="review-question"
        label={t('review.question')}
        labelPlacement="floating"
        fill="outline"
        autoGrow
        maxlength={1000}
        value={question}
        disabled={sending}
        onIonInput={(event) => setQuestion(String(event.detail.value ?? ''))}
      />
      <IonButton data-testid="review-ask" fill="outline" expand="block" disabled={sending} onClick={() => void ask()}>
        <IonIcon slot="start" icon={chatbubbleEllipsesOutline} aria-hidden="true" />
        {t('review.ask')}
      </IonButton>
      {error && (
        <IonText color="danger">
          <p role="alert">{error}</p>
        </IonText>
      )}
    </section>
  );
}

/** The same patient's earlier analyses of the same body site, for change over time. */
export function EarlierAnalyses({ analysis }: { analysis: AnalysisDetail }) {
  const { t, locale } = useI18n();
  const earlier = analysis.earlierAnalyses;
  if (!analysis.patientReference || !earlier) return null;
  return (
    <section className="earlier" data-testid="earlier-analyses">
      <h3>{t('earlier.title')}</h3>
      {earlier.length === 0 ? (
        <p className="muted">{t('earlier.empty')}</p>
      ) : (
        <table className="earlier-table">
          <tbody>
            {earlier.map((old) => (
              <tr key={old.id} data-testid="earlier-row">
                <td>{formatDateTime(old.creationDate, locale)}</td>
                <td>{old.result == null ? t(`status.${old.status}`) : formatProbability(old.result, locale)}</td>
                <td>{old.reviewImpression ? t(`impression.${old.reviewImpression}`) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
