import { z } from "zod";

// The helpline's own guidance when a counsellor marks a conversation "danger to life" (issue 18):
// what to do, what professional secrecy allows, and whom to call. Written by the helpline (its
// legal adviser checks the wording), shown in the counsellor's and the supervisors' consoles next
// to the marked conversation (GET /api/counsellor/me, `crisis`). Never shown to youths.

const paragraphs = z.string().min(1).max(3000);

export const crisisSchema = z.strictObject({
  /** Short paragraphs, per language: what to do now, and what professional secrecy allows. */
  guidance: z.strictObject({
    fr: paragraphs.optional(),
    nl: paragraphs.optional(),
    en: paragraphs.optional(),
  }),
  /** Whom to call, in order: a label per language and a number. */
  contacts: z
    .array(
      z.strictObject({
        label: z.strictObject({
          fr: z.string().min(1).max(120).optional(),
          nl: z.string().min(1).max(120).optional(),
          en: z.string().min(1).max(120).optional(),
        }),
        phone: z
          .string()
          .regex(/^\+?[0-9][0-9 ]*$/, { error: 'a phone number of digits and spaces, e.g. "112"' }),
      }),
    )
    .min(1, { error: "at least one contact (e.g. 112)" })
    .max(12),
});

export type Crisis = z.infer<typeof crisisSchema>;
