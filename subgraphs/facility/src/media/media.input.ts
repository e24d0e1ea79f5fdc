import { badInput } from '@kita/shared';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { acceptedTypes, decodeUpload, maxBytes } from './media.content.js';
import { MediaKind } from './media.entity.js';

export const fileNameLength = { min: 1, max: 200 };
export const altTextLength = { min: 3, max: 300 };
export const maxCaptionLength = 500;

@InputType({ description: 'A photo or attachment to add, with its content in base64.' })
export class MediaInput {
  @Field(() => MediaKind)
  kind!: MediaKind;

  @Field(() => String, {
    description: `The file's name as offered for download, ${fileNameLength.min} to ${fileNameLength.max} characters, without / or \\.`,
  })
  fileName!: string;

  @Field(() => String, {
    description: `PHOTO: ${acceptedTypes.PHOTO.join(', ')}; ATTACHMENT: ${acceptedTypes.ATTACHMENT.join(', ')}. Must match the content.`,
  })
  contentType!: string;

  @Field(() => String, {
    description: `The file in standard padded base64. At most ${maxBytes.PHOTO} bytes for a PHOTO, ${maxBytes.ATTACHMENT} for an ATTACHMENT (decoded).`,
  })
  contentBase64!: string;

  @Field(() => String, {
    nullable: true,
    description: `What the photo shows, for people who cannot see it: required for a PHOTO, ${altTextLength.min} to ${altTextLength.max} characters; optional for an ATTACHMENT.`,
  })
  altText?: string | null;

  @Field(() => String, { nullable: true, description: `Shown with the photo or attachment, at most ${maxCaptionLength} characters.` })
  caption?: string | null;
}

// Argument classes keep the arguments in declaration order in the SDL.
@ArgsType()
export class AddFacilityMediaArgs {
  @Field(() => ID, { description: 'The facility, in the municipality this request goes to.' })
  facilityId!: string;

  @Field(() => MediaInput)
  input!: MediaInput;
}

/** A checked upload, ready to store. */
export interface MediaUpload {
  kind: MediaKind;
  fileName: string;
  contentType: string;
  content: Buffer;
  altText: string;
  caption: string | null;
}

// C0 controls and DEL: a file name ends up in a Content-Disposition header.
const controlCharacters = /[\u0000-\u001f\u007f]/;

/**
 * Checks what GraphQL types cannot express, texts first (cheap), then the content. The first
 * violation becomes an error whose `argument` names the field.
 */
export function validateMediaInput(input: MediaInput, argument = 'input'): MediaUpload {
  const { fileName } = input;
  if (fileName.length < fileNameLength.min || fileName.length > fileNameLength.max) {
    throw badInput(`"fileName" must have ${fileNameLength.min} to ${fileNameLength.max} characters.`, { argument: `${argument}.fileName` });
  }
  if (/[/\\]/.test(fileName) || controlCharacters.test(fileName) || fileName.trim() === '' || /^\.+$/.test(fileName)) {
    throw badInput('"fileName" must be a plain file name: no / or \\, no control characters, not only dots or spaces.', {
      argument: `${argument}.fileName`,
    });
  }
  const altText = input.altText?.trim() ?? '';
  if (input.kind === MediaKind.PHOTO || altText !== '') {
    if (altText.length < altTextLength.min || altText.length > altTextLength.max) {
      throw badInput(
        `"altText" must have ${altTextLength.min} to ${altTextLength.max} characters${input.kind === MediaKind.PHOTO ? '; every photo needs one' : ''}.`,
        { argument: `${argument}.altText` },
      );
    }
  }
  const caption = input.caption?.trim() || null;
  if (caption && caption.length > maxCaptionLength) {
    throw badInput(`"caption" must have at most ${maxCaptionLength} characters.`, { argument: `${argument}.caption` });
  }
  const { contentType, content } = decodeUpload(input.kind, input.contentType, input.contentBase64, argument);
  return { kind: input.kind, fileName, contentType, content, altText, caption };
}
