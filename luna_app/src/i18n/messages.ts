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
  'requests.total': '{count} solicitud(es)',
  'requests.date': 'Fecha y hora',
  'requests.descriptionHeader': 'Descripción',
  'requests.status': 'Estado',

  'status.pending': 'En espera',
  'status.completed': 'Completado',
  'status.failed': 'Fallido',

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
  'detail.result': 'Resultado',
  'detail.probability': 'Probabilidad de melanoma',
  'detail.aboveThreshold': 'Por encima del umbral del modelo ({threshold}).',
  'detail.belowThreshold': 'Por debajo del umbral del modelo ({threshold}).',
  'detail.model': 'Modelo',
  'detail.modelVersion': '{name}, versión {version}',
  'detail.unvalidatedWarning':
    'Atención: este modelo no ha sido validado. Interprete el resultado con especial cautela.',
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
  'requests.total': '{count} request(s)',
  'requests.date': 'Date and time',
  'requests.descriptionHeader': 'Description',
  'requests.status': 'Status',

  'status.pending': 'Waiting',
  'status.completed': 'Completed',
  'status.failed': 'Failed',

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
  'detail.result': 'Result',
  'detail.probability': 'Probability of melanoma',
  'detail.aboveThreshold': "Above the model's threshold ({threshold}).",
  'detail.belowThreshold': "Below the model's threshold ({threshold}).",
  'detail.model': 'Model',
  'detail.modelVersion': '{name}, version {version}',
  'detail.unvalidatedWarning':
    'Warning: this model has not been validated. Interpret the result with particular caution.',
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

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
