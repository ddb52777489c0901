/**
 * A way back: the reply line at the end of a letter says, in Russian, where the answer should go — the collective's
 * address for post, the partner's when a forward route's envelopes carry it, the relay's own address when it can
 * bring a reply back — and asks for block letters, which volunteers abroad can read. The reply kit page tells the
 * organizers what to enclose so the answer costs the person nothing they do not have. Pure: route and settings in.
 */
import { senderBlock, type SenderSettings } from './address.js';

/** A route as far as the way back depends on it (db/schema.ts RouteTable). */
export interface ReplyRoute {
  kind: 'post' | 'forward' | 'relay';
  name: string;
  partnerName: string | null;
  partnerAddress: string | null;
  returnAddressOf: 'collective' | 'partner' | null;
  contact: string | null;
  canReply: number;
}

export const BLOCK_LETTERS = 'Пожалуйста, пишите ответ печатными буквами.';

/** The address lines an answer should be sent to, by route. */
export function replyAddress(route: ReplyRoute, settings: SenderSettings): string[] {
  const lines = (text: string | null) => (text ?? '').split(/\r?\n/u).map((l) => l.trim()).filter(Boolean);
  if (route.kind === 'forward' && route.returnAddressOf === 'partner') return [route.partnerName ?? route.name, ...lines(route.partnerAddress)].filter(Boolean);
  if (route.kind === 'relay' && route.canReply === 1 && lines(route.contact).length) return [route.name, ...lines(route.contact)];
  return senderBlock(settings);
}

/** The reply line's lines, in Russian, to close a letter with. */
export function replyLines(route: ReplyRoute, settings: SenderSettings): string[] {
  // A relay's text files are Russian only: the answer goes back on the relay's own reply form, named in no Latin.
  if (route.kind === 'relay' && route.canReply === 1) return ['Ответ можно отправить через эту же службу, на бланке ответа.', BLOCK_LETTERS];
  return ['Ответ, пожалуйста, пришлите по адресу:', ...replyAddress(route, settings), BLOCK_LETTERS];
}

/** The reply kit page for one route: what to enclose with the letters, in English for the organizers. */
export function replyKitText(route: ReplyRoute, settings: SenderSettings): { heading: string; lines: string[] } {
  const address = replyAddress(route, settings);
  return {
    heading: `Reply kit: route "${route.name}"`,
    lines: [
      'With each letter of this route, enclose:',
      '  - two or three blank sheets of plain paper (unlined, no printing on them), for the answer;',
      '  - one envelope addressed to the address below; a Russian stamp on it helps if you can get one (a stamp of your own country cannot pay for a reply posted in Russia);',
      '  - no photos, stamps, cash or anything else: facilities return letters with such enclosures.',
      '',
      'The answer should go to:',
      ...address.map((l) => `    ${l}`),
      '',
      'Each letter ends with the request to answer in block letters («Пожалуйста, пишите ответ печатными буквами»).',
    ],
  };
}
