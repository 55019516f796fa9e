// Credential type names are referenced by nodes, credentials, the workflow
// JSON in ../flows and the launcher's bootstrap; define them once here.
export const WHATSAPP_CLOUD_CREDENTIAL = 'whatsAppCloudApi';
export const KANAL_ADUAN_CREDENTIAL = 'kanalAduanApi';
export const TELEGRAM_BOT_CREDENTIAL = 'telegramBotApi';
export const META_MESSENGER_CREDENTIAL = 'metaMessengerApi';
