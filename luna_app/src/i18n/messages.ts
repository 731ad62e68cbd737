/** The app's texts. Spanish is the default language; English must define every Spanish key. */
import { clinicalEn, clinicalEs } from './clinicalMessages';
import { securityEn, securityEs } from './securityMessages';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'es';

/** Locale used for dates and numbers in each language (the first users are in Chile). */
export const LOCALES: Record<Language, string> = { es: 'es-CL', en: 'en-GB' };

const es = {
  'app.name': 'LUNA',
  'tabs.analyse': 'Analizar',
  'tabs.requests': 'Solicitudes',
  'tabs.account': 'Cuenta',

  'login.title': 'Iniciar sesión',
  'login.subtitle': 'Apoyo al prediagnóstico de melanoma para profesionales de la salud',
  'login.username': 'Usuario',
  'login.password': 'Contraseña',
  'login.submit': 'Entrar',
  'login.wrongCredentials': 'Usuario o contraseña incorrectos.',
  'login.missingFields': 'Ingrese usuario y contraseña.',

  'analyse.title': 'Analizar imagen',
  'analyse.intro': 'Tome una foto de la lesión o elija una de la galería.',
  'analyse.takePhoto': 'Tomar foto',
  'analyse.chooseGallery': 'Elegir de la galería',
  'analyse.previewAlt': 'Vista previa de la foto seleccionada',
  'analyse.noImage': 'Aún no hay una foto seleccionada.',
  'analyse.description': 'Descripción (opcional)',
  'analyse.descriptionPlaceholder': 'Ej.: lesión en espalda, 6 mm, bordes irregulares',
  'analyse.submit': 'Analizar imagen',
  'analyse.cancel': 'Cancelar',
  'analyse.preparing': 'Preparando la imagen…',
  'analyse.uploading': 'Enviando… {percent}',
  'analyse.sent': 'Solicitud enviada.',
  'analyse.imageError': 'No se pudo leer la imagen seleccionada.',

  'requests.title': 'Solicitudes',
  'requests.dateFrom': 'Desde',
  'requests.dateTo': 'Hasta',
  'requests.clearFilter': 'Quitar filtro',
  'requests.empty': 'No hay solicitudes para mostrar.',
  'requests.noDescription': 'Sin descripción',
  'requests.viewDetail': 'Ver detalle',
  'requests.refreshing': 'Actualizando mientras hay solicitudes en espera…',
  'requests.total.one': '{count} solicitud',
  'requests.total.other': '{count} solicitudes',
  'requests.showing': 'mostrando {first}–{last}',
  'requests.previous': 'Anterior',
  'requests.next': 'Siguiente',
  'requests.pageOf': 'Página {page} de {pages}',
  'requests.dateRangeInvalid': 'La fecha «Desde» es posterior a «Hasta». Corrija el rango para ver las solicitudes.',
  'requests.band': 'Resultado',
  'requests.date': 'Fecha y hora',
  'requests.descriptionHeader': 'Descripción',
  'requests.status': 'Estado',

  'status.pending': 'En espera',
  'status.completed': 'Completado',
  'status.failed': 'Fallido',
  'status.queued': 'En cola',

  'band.higher': 'Riesgo mayor',
  'band.lower': 'Riesgo menor',
  'band.unvalidated': 'Sin validación clínica',

  'result.unvalidatedTitle': 'Modelo sin validación clínica',
  'result.unvalidatedBody':
    'Este número proviene de un modelo sin validación clínica y no aporta información sobre esta lesión. Decida como si no hubiera resultado.',
  'result.score': 'Puntaje del modelo: {score}',
  'result.thresholdExplained':
    'El umbral, {threshold}, se eligió para detectar {target} de los melanomas en pacientes de prueba; un resultado igual o mayor cae en «riesgo mayor».',
  'result.thresholdExplainedNoTarget':
    'El umbral del modelo es {threshold}; un resultado igual o mayor cae en «riesgo mayor».',
  'result.heldOut':
    'En {patients} pacientes que no se usaron para entrenarlo, detectó {sensitivity} de los melanomas (sensibilidad) y descartó {specificity} de las lesiones benignas (especificidad).',
  'result.metricsUnavailable':
    'La ficha del modelo no está disponible: no se pueden mostrar su sensibilidad ni su especificidad.',
  'result.nextStep': 'Siguiente paso',
  'result.nextStepHigher': 'Considere derivar a dermatología.',
  'result.nextStepLower': 'Siga su evaluación clínica habitual; vuelva a evaluar si la lesión cambia.',
  'result.aboutModel': 'Acerca de este modelo',

  'model.title': 'Acerca del modelo',
  'model.name': 'Nombre',
  'model.version': 'Versión',
  'model.architecture': 'Arquitectura',
  'model.inputSize': 'Tamaño de entrada',
  'model.pixels': '{size} px',
  'model.validation': 'Validación',
  'model.validated': 'Validado',
  'model.notValidated': 'No validado',
  'model.pretrained': 'Punto de partida',
  'model.trainingData': 'Datos de entrenamiento',
  'model.threshold': 'Umbral',
  'model.targetSensitivity': 'Sensibilidad objetivo',
  'model.testMetrics': 'Resultados en pacientes de prueba',
  'model.testSet': '{patients} pacientes, {images} imágenes no usadas en el entrenamiento',
  'model.rocAuc': 'AUC ROC',
  'model.sensitivity': 'Sensibilidad',
  'model.specificity': 'Especificidad',
  'model.interval': '{value} (IC 95 %: {low}–{high})',
  'model.noMetrics': 'Este modelo no tiene resultados en pacientes de prueba.',
  'model.intendedUse': 'Uso previsto',
  'model.knownLimits': 'Limitaciones conocidas',
  'model.createdAt': 'Creado',
  'model.notPublished': 'El servicio aún no publica la ficha de este modelo.',

  'role.admin': 'Administrador/a',
  'role.user': 'Médico/a de APS',
  'role.dermatologist': 'Dermatólogo/a',

  'outbox.title': 'En este dispositivo',
  'outbox.queued': 'En cola, se enviará al recuperar la conexión',
  'outbox.sending': 'Enviando…',
  'outbox.failed': 'No se pudo enviar: {reason}',
  'outbox.discard': 'Descartar',
  'app.loading': 'Cargando…',
  'app.offline': 'Sin conexión',

  'detail.title': 'Detalle de la solicitud',
  'detail.requestDate': 'Fecha de la solicitud',
  'detail.description': 'Descripción',
  'detail.status': 'Estado',
  'detail.analysisDate': 'Fecha del análisis',
  'detail.image': 'Imagen analizada',
  'detail.showImage': 'Mostrar imagen',
  'detail.hideImage': 'Ocultar imagen',
  'detail.imageAlt': 'Imagen de la lesión analizada',
  'detail.noImage': 'La imagen no está disponible.',
  'detail.heatmapAlt': 'Mapa de calor de las zonas que más pesaron en el resultado del modelo',
  'detail.heatmapCaption': 'Dónde se fijó el modelo (no delimita la lesión).',
  'detail.result': 'Resultado',
  'detail.probability': 'Probabilidad de melanoma',
  'detail.model': 'Modelo',
  'detail.modelVersion': '{name}, versión {version}',
  'detail.disclaimer':
    'Este resultado apoya y no reemplaza el juicio clínico de un profesional de la salud.',
  'detail.pending': 'La imagen está en espera de análisis. Esta vista se actualiza sola.',
  'detail.failed': 'El análisis falló.',
  'detail.failureReason': 'Motivo: {reason}',
  'detail.back': 'Volver',

  'account.title': 'Cuenta',
  'account.username': 'Usuario',
  'account.email': 'Correo electrónico',
  'account.roles': 'Roles',
  'account.language': 'Idioma',
  'account.logout': 'Cerrar sesión',

  'language.es': 'Español',
  'language.en': 'English',

  'error.network': 'No se pudo conectar con el servidor. Revise su conexión.',
  'error.sessionExpired': 'Su sesión expiró. Inicie sesión nuevamente.',
  'error.tooManyRequests': 'Demasiados intentos. Espere un momento y vuelva a intentar.',
  'error.tooManyRequestsWait': 'Demasiados intentos. Espere {wait} y vuelva a intentar.',
  'error.tooLarge': 'La imagen es demasiado grande.',
  'error.unsupported': 'Formato de imagen no admitido. Use JPEG o PNG.',
  'error.invalid': 'La solicitud no es válida: {detail}',
  'error.unavailable': 'El servicio no está disponible en este momento. Intente más tarde.',
  'error.notFound': 'No se encontró la solicitud.',
  'error.generic': 'Ocurrió un error: {detail}',
  ...clinicalEs,
  ...securityEs,
} as const;

export type MessageKey = keyof typeof es;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  'app.name': 'LUNA',
  'tabs.analyse': 'Analyse',
  'tabs.requests': 'Requests',
  'tabs.account': 'Account',

  'login.title': 'Sign in',
  'login.subtitle': 'Melanoma pre-diagnosis support for clinicians',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.wrongCredentials': 'Wrong username or password.',
  'login.missingFields': 'Enter your username and password.',

  'analyse.title': 'Analyse image',
  'analyse.intro': 'Take a photo of the lesion or pick one from the gallery.',
  'analyse.takePhoto': 'Take photo',
  'analyse.chooseGallery': 'Choose from gallery',
  'analyse.previewAlt': 'Preview of the selected photo',
  'analyse.noImage': 'No photo selected yet.',
  'analyse.description': 'Description (optional)',
  'analyse.descriptionPlaceholder': 'E.g. lesion on the back, 6 mm, irregular borders',
  'analyse.submit': 'Analyse image',
  'analyse.cancel': 'Cancel',
  'analyse.preparing': 'Preparing the image…',
  'analyse.uploading': 'Sending… {percent}',
  'analyse.sent': 'Request sent.',
  'analyse.imageError': 'The selected image could not be read.',

  'requests.title': 'Requests',
  'requests.dateFrom': 'From',
  'requests.dateTo': 'To',
  'requests.clearFilter': 'Clear filter',
  'requests.empty': 'No requests to show.',
  'requests.noDescription': 'No description',
  'requests.viewDetail': 'View detail',
  'requests.refreshing': 'Refreshing while requests are waiting…',
  'requests.total.one': '{count} request',
  'requests.total.other': '{count} requests',
  'requests.showing': 'showing {first}–{last}',
  'requests.previous': 'Previous',
  'requests.next': 'Next',
  'requests.pageOf': 'Page {page} of {pages}',
  'requests.dateRangeInvalid': "The 'From' date is after the 'To' date. Correct the range to see requests.",
  'requests.band': 'Result',
  'requests.date': 'Date and time',
  'requests.descriptionHeader': 'Description',
  'requests.status': 'Status',

  'status.pending': 'Waiting',
  'status.completed': 'Completed',
  'status.failed': 'Failed',
  'status.queued': 'Queued',

  'band.higher': 'Higher risk',
  'band.lower': 'Lower risk',
  'band.unvalidated': 'No clinical validation',

  'result.unvalidatedTitle': 'Model without clinical validation',
  'result.unvalidatedBody':
    'This number comes from a model without clinical validation and carries no information about this lesion. Decide as if there were no result.',
  'result.score': 'Model score: {score}',
  'result.thresholdExplained':
    "The threshold, {threshold}, was chosen to detect {target} of melanomas in test patients; a result at or above it is 'higher risk'.",
  'result.thresholdExplainedNoTarget':
    "The model's threshold is {threshold}; a result at or above it is 'higher risk'.",
  'result.heldOut':
    'In {patients} patients not used to train it, it detected {sensitivity} of melanomas (sensitivity) and ruled out {specificity} of benign lesions (specificity).',
  'result.metricsUnavailable':
    "The model's card is not available: its sensitivity and specificity cannot be shown.",
  'result.nextStep': 'Next step',
  'result.nextStepHigher': 'Consider referral to dermatology.',
  'result.nextStepLower': 'Continue your usual clinical assessment; reassess if the lesion changes.',
  'result.aboutModel': 'About this model',

  'model.title': 'About the model',
  'model.name': 'Name',
  'model.version': 'Version',
  'model.architecture': 'Architecture',
  'model.inputSize': 'Input size',
  'model.pixels': '{size} px',
  'model.validation': 'Validation',
  'model.validated': 'Validated',
  'model.notValidated': 'Not validated',
  'model.pretrained': 'Starting point',
  'model.trainingData': 'Training data',
  'model.threshold': 'Threshold',
  'model.targetSensitivity': 'Target sensitivity',
  'model.testMetrics': 'Results on test patients',
  'model.testSet': '{patients} patients, {images} images not used in training',
  'model.rocAuc': 'ROC AUC',
  'model.sensitivity': 'Sensitivity',
  'model.specificity': 'Specificity',
  'model.interval': '{value} (95% CI: {low}–{high})',
  'model.noMetrics': 'This model has no results on test patients.',
  'model.intendedUse': 'Intended use',
  'model.knownLimits': 'Known limits',
  'model.createdAt': 'Created',
  'model.notPublished': "The service does not publish this model's card yet.",

  'role.admin': 'Administrator',
  'role.user': 'General practitioner',
  'role.dermatologist': 'Dermatologist',

  'outbox.title': 'On this device',
  'outbox.queued': 'Queued, will be sent when the connection returns',
  'outbox.sending': 'Sending…',
  'outbox.failed': 'Could not be sent: {reason}',
  'outbox.discard': 'Discard',
  'app.loading': 'Loading…',
  'app.offline': 'Offline',

  'detail.title': 'Request detail',
  'detail.requestDate': 'Request date',
  'detail.description': 'Description',
  'detail.status': 'Status',
  'detail.analysisDate': 'Analysis date',
  'detail.image': 'Analysed image',
  'detail.showImage': 'Show image',
  'detail.hideImage': 'Hide image',
  'detail.imageAlt': 'Image of the analysed lesion',
  'detail.noImage': 'The image is not available.',
  'detail.heatmapAlt': "Heat map of the areas that weighed most in the model's result",
  'detail.heatmapCaption': 'Where the model looked (it does not outline the lesion).',
  'detail.result': 'Result',
  'detail.probability': 'Probability of melanoma',
  'detail.model': 'Model',
  'detail.modelVersion': '{name}, version {version}',
  'detail.disclaimer': "This result supports and does not replace a clinician's judgement.",
  'detail.pending': 'The image is waiting to be analysed. This view refreshes itself.',
  'detail.failed': 'The analysis failed.',
  'detail.failureReason': 'Reason: {reason}',
  'detail.back': 'Back',

  'account.title': 'Account',
  'account.username': 'Username',
  'account.email': 'E-mail',
  'account.roles': 'Roles',
  'account.language': 'Language',
  'account.logout': 'Log out',

  'language.es': 'Español',
  'language.en': 'English',

  'error.network': 'Could not reach the server. Check your connection.',
  'error.sessionExpired': 'Your session has expired. Please sign in again.',
  'error.tooManyRequests': 'Too many attempts. Wait a moment and try again.',
  'error.tooManyRequestsWait': 'Too many attempts. Wait {wait} and try again.',
  'error.tooLarge': 'The image is too large.',
  'error.unsupported': 'Unsupported image format. Use JPEG or PNG.',
  'error.invalid': 'The request is not valid: {detail}',
  'error.unavailable': 'The service is unavailable right now. Please try later.',
  'error.notFound': 'The request was not found.',
  'error.generic': 'Something went wrong: {detail}',
  ...clinicalEn,
  ...securityEn,
};

export const MESSAGES: Record<Language, Messages> = { es, en };

export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

/** Builds the translate function of one language; `{name}` placeholders are filled from params. */
export function translator(language: Language): Translate {
  const messages = MESSAGES[language];
  return (key, params) => {
    const template = messages[key] ?? MESSAGES[DEFAULT_LANGUAGE][key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** Plural forms the messages define (`key.one`, `key.other`). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;
}[MessageKey];

/** The message for `count`, in the plural form the language's rules choose; `{count}` is filled in. */
export function plural(t: Translate, locale: string, key: PluralKey, count: number, params: TranslateParams = {}): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  const formatted = new Intl.NumberFormat(locale).format(count);
  return t(`${key}.${form}` as MessageKey, { ...params, count: formatted });
}

const ROLE_KEYS: Record<string, MessageKey> = {
  admin: 'role.admin',
  user: 'role.user',
  dermatologist: 'role.dermatologist',
};

/** A role's name for people; a role the app does not know keeps its API name. */
export function roleLabel(t: Translate, role: string): string {
  const key = ROLE_KEYS[role];
  return key ? t(key) : role;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
