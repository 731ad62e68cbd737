import { IonInput, IonSelect, IonSelectOption } from '@ionic/react';
import { BODY_SITES, isValidPatientReference, PATIENT_REFERENCE_MAX, type BodySite } from '../api/clinicalTypes';
import { useI18n } from '../i18n/I18nContext';

interface PatientContextFieldsProps {
  patientReference: string;
  bodySite: BodySite | '';
  disabled: boolean;
  onPatientReference: (value: string) => void;
  onBodySite: (value: BodySite | '') => void;
}

/** The analyse form's patient record number (never a name) and body site, both optional. */
export function PatientContextFields(props: PatientContextFieldsProps) {
  const { t } = useI18n();
  const valid = isValidPatientReference(props.patientReference);
  return (
    <div className="patient-context">
      <IonInput
        data-testid="analyse-patient-reference"
        label={t('patient.reference')}
        labelPlacement="floating"
        fill="outline"
        maxlength={PATIENT_REFERENCE_MAX}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        helperText={t('patient.referenceHelp')}
        errorText={t('patient.referenceInvalid')}
        className={valid ? undefined : 'ion-invalid ion-touched'}
        value={props.patientReference}
        disabled={props.disabled}
        onIonInput={(event) => props.onPatientReference(String(event.detail.value ?? ''))}
      />
      <IonSelect
        data-testid="analyse-body-site"
        label={t('patient.bodySite')}
        labelPlacement="floating"
        fill="outline"
        interface="popover"
        value={props.bodySite}
        disabled={props.disabled}
        onIonChange={(event) => props.onBodySite((event.detail.value ?? '') as BodySite | '')}
      >
        <IonSelectOption value="">{t('patient.bodySiteNone')}</IonSelectOption>
        {BODY_SITES.map((site) => (
          <IonSelectOption key={site} value={site}>
            {t(`site.${site}`)}
          </IonSelectOption>
        ))}
      </IonSelect>
    </div>
  );
}
