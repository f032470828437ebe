// Types for `discord-api-spec/zod`: the package ships that entry as JavaScript only (its "types" points at the
// .js file), so TypeScript sees `any` without this. Only the schemas the spec checker uses are declared.
declare module 'discord-api-spec/zod' {
  import type { ZodMiniObject } from 'zod/mini';

  export const ApplicationCommandCreateRequestSchema: ZodMiniObject;
  export const ApplicationCommandUpdateRequestSchema: ZodMiniObject;
  export const PongInteractionCallbackRequestSchema: ZodMiniObject;
  export const CreateMessageInteractionCallbackRequestSchema: ZodMiniObject;
  export const UpdateMessageInteractionCallbackRequestSchema: ZodMiniObject;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: ZodMiniObject;
  export const ModalInteractionCallbackRequestSchema: ZodMiniObject;
  export const MessageCreateRequestSchema: ZodMiniObject;
  export const MessageEditRequestPartialSchema: ZodMiniObject;
  export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniObject;
  export const CreateTextThreadWithoutMessageRequestSchema: ZodMiniObject;
  export const UpdateThreadRequestPartialSchema: ZodMiniObject;
}
