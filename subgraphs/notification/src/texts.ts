import { NotificationKind, type NotificationLanguage } from './kinds.js';

/** What a text may use; every value is optional, a text says less when one is missing. */
export interface MailParams {
  /** The child's first name (the only personal detail a mail carries). */
  firstName?: string;
  facility?: string;
  /** Dates as YYYY-MM-DD; shown in the recipient's language. */
  start?: string;
  deadline?: string;
  /** Where to act: the portal's "my reservations" page, or the provider's workspace. */
  link?: string;
  /** The office's reason of a rejection, as written. */
  reason?: string;
  /** The office's digest: what waits (counts only). */
  counts?: { submitted: number; inReview: number; offersEnding: number; conflicts: number; refused: number };
}

interface Text {
  subject: (p: Required<MailParams>, municipality: string) => string;
  body: (p: Required<MailParams>) => string[];
}

type Texts = Record<NotificationKind, Text>;

const de: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: Ihre Vormerkung ist eingegangen`,
    body: (p) => [`die Vormerkung für ${p.firstName} ist eingegangen.`, 'Den Stand sehen Sie jederzeit im Portal.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: Angebot eines Platzes`,
    body: (p) => [
      `für ${p.firstName} wird ein Platz angeboten: ${p.facility}, ab ${p.start}.`,
      `Bitte antworten Sie bis ${p.deadline}; danach verfällt das Angebot und der Platz geht an die nächste Familie.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: Erinnerung – Angebot läuft in 3 Tagen ab`,
    body: (p) => [`das Angebot für ${p.firstName} (${p.facility}, ab ${p.start}) läuft am ${p.deadline} ab.`, 'Bitte nehmen Sie es an oder lehnen Sie es ab.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: Angebot verfallen`,
    body: (p) => [`das Angebot für ${p.firstName} (${p.facility}) ist verfallen, weil bis ${p.deadline} keine Antwort kam.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: Wunsch zurückgezogen`,
    body: (p) => [`weil für ${p.firstName} ein Platz angenommen wurde, ist der Wunsch ${p.facility} zurückgezogen.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: Zusage bestätigt`,
    body: (p) => [`die Zusage für ${p.firstName} ist verbindlich: ${p.facility}, ab ${p.start}.`, 'Der Vertrag folgt durch die Einrichtung.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: Profil veröffentlicht`,
    body: (p) => [`das Profil von ${p.facility} ist veröffentlicht und für Familien sichtbar.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: Profil nicht veröffentlicht`,
    body: (p) => [
      `das Profil von ${p.facility} wurde nicht veröffentlicht. Begründung des Amtes: ${p.reason}`,
      'Sie können es überarbeiten und erneut einreichen.',
    ],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: Pflegeerlaubnis läuft in 60 Tagen ab`,
    body: (p) => [`die Pflegeerlaubnis für ${p.facility} gilt bis ${p.deadline}.`, 'Bitte beantragen Sie rechtzeitig die Verlängerung.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: Pflegeerlaubnis abgelaufen`,
    body: (p) => [
      `die Pflegeerlaubnis für ${p.facility} ist abgelaufen; das Profil ist in der Suche nicht mehr sichtbar.`,
      'Mit einer gültigen Erlaubnis wird es wieder veröffentlicht.',
    ],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: neue Vormerkung`,
    body: (p) => [`für ${p.facility} ist eine neue Vormerkung eingegangen.`, 'Die Angaben sehen Sie nach der Anmeldung.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: Ihre Übersicht für heute`,
    body: (p) => {
      const c = p.counts;
      return [
        'heute warten auf Sie:',
        `${c.submitted} neue Vormerkungen, ${c.inReview} in Prüfung,`,
        `${c.offersEnding} Angebote, deren Frist in 3 Tagen endet,`,
        `${c.conflicts} offene doppelte Zusagen, ${c.refused} nicht zustellbare Nachrichten (seit gestern).`,
      ];
    },
  },
};

const en: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: your reservation was received`,
    body: (p) => [`the reservation for ${p.firstName} was received.`, 'You can follow its status in the portal at any time.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: a place is offered`,
    body: (p) => [
      `a place is offered for ${p.firstName}: ${p.facility}, from ${p.start}.`,
      `Please answer by ${p.deadline}; after that the offer lapses and the place goes to the next family.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: reminder – the offer ends in 3 days`,
    body: (p) => [`the offer for ${p.firstName} (${p.facility}, from ${p.start}) ends on ${p.deadline}.`, 'Please accept or decline it.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: the offer lapsed`,
    body: (p) => [`the offer for ${p.firstName} (${p.facility}) lapsed because there was no answer by ${p.deadline}.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: choice withdrawn`,
    body: (p) => [`because a place was accepted for ${p.firstName}, the choice ${p.facility} was withdrawn.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: your acceptance is confirmed`,
    body: (p) => [`the place for ${p.firstName} is binding: ${p.facility}, from ${p.start}.`, 'The facility will send the contract.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: profile published`,
    body: (p) => [`the profile of ${p.facility} is published and visible to families.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: profile not published`,
    body: (p) => [`the profile of ${p.facility} was not published. The office's reason: ${p.reason}`, 'You can revise it and submit it again.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: the care permit ends in 60 days`,
    body: (p) => [`the care permit for ${p.facility} is valid until ${p.deadline}.`, 'Please apply for its renewal in time.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: the care permit lapsed`,
    body: (p) => [`the care permit for ${p.facility} lapsed; the profile is no longer shown in search.`, 'It is published again with a valid permit.'],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: new reservation`,
    body: (p) => [`a new reservation for ${p.facility} was received.`, 'Sign in to see the details.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: your overview for today`,
    body: (p) => {
      const c = p.counts;
      return [
        'waiting for you today:',
        `${c.submitted} new reservations, ${c.inReview} in review,`,
        `${c.offersEnding} offers whose deadline ends within 3 days,`,
        `${c.conflicts} open double acceptances, ${c.refused} undeliverable messages (since yesterday).`,
      ];
    },
  },
};

const tr: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: ön kaydınız alındı`,
    body: (p) => [`${p.firstName} için ön kayıt alındı.`, 'Durumu portalda istediğiniz zaman görebilirsiniz.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: yer teklifi`,
    body: (p) => [
      `${p.firstName} için bir yer teklif ediliyor: ${p.facility}, ${p.start} tarihinden itibaren.`,
      `Lütfen ${p.deadline} tarihine kadar yanıt verin; sonra teklif geçersiz olur ve yer sıradaki aileye verilir.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: hatırlatma – teklif 3 gün içinde sona eriyor`,
    body: (p) => [`${p.firstName} için teklif (${p.facility}, ${p.start} itibarıyla) ${p.deadline} tarihinde sona eriyor.`, 'Lütfen kabul edin veya reddedin.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: teklif geçersiz oldu`,
    body: (p) => [`${p.firstName} için teklif (${p.facility}) ${p.deadline} tarihine kadar yanıt verilmediği için geçersiz oldu.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: tercih geri çekildi`,
    body: (p) => [`${p.firstName} için bir yer kabul edildiğinden ${p.facility} tercihi geri çekildi.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: kabulünüz onaylandı`,
    body: (p) => [`${p.firstName} için yer kesinleşti: ${p.facility}, ${p.start} tarihinden itibaren.`, 'Sözleşmeyi kurum gönderecek.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: profil yayımlandı`,
    body: (p) => [`${p.facility} profili yayımlandı ve ailelere görünür.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: profil yayımlanmadı`,
    body: (p) => [`${p.facility} profili yayımlanmadı. Dairenin gerekçesi: ${p.reason}`, 'Düzenleyip yeniden gönderebilirsiniz.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: bakım izni 60 gün içinde sona eriyor`,
    body: (p) => [`${p.facility} için bakım izni ${p.deadline} tarihine kadar geçerli.`, 'Lütfen uzatmayı zamanında başvurun.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: bakım izninin süresi doldu`,
    body: (p) => [`${p.facility} için bakım izninin süresi doldu; profil aramada artık görünmüyor.`, 'Geçerli bir izinle yeniden yayımlanır.'],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: yeni ön kayıt`,
    body: (p) => [`${p.facility} için yeni bir ön kayıt alındı.`, 'Ayrıntıları giriş yaptıktan sonra görebilirsiniz.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: bugünkü özetiniz`,
    body: (p) => {
      const c = p.counts;
      return [
        'bugün sizi bekleyenler:',
        `${c.submitted} yeni ön kayıt, ${c.inReview} incelemede,`,
        `süresi 3 gün içinde dolan ${c.offersEnding} teklif,`,
        `${c.conflicts} açık çifte kabul, ${c.refused} teslim edilemeyen mesaj (dünden beri).`,
      ];
    },
  },
};

const ar: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: تم استلام طلب الحجز`,
    body: (p) => [`تم استلام طلب الحجز لـ ${p.firstName}.`, 'يمكنكم متابعة الحالة في البوابة في أي وقت.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: عرض مكان`,
    body: (p) => [
      `يُعرض مكان لـ ${p.firstName}: ${p.facility}، ابتداءً من ${p.start}.`,
      `يرجى الرد حتى ${p.deadline}؛ بعد ذلك ينتهي العرض ويذهب المكان إلى العائلة التالية.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: تذكير – ينتهي العرض بعد 3 أيام`,
    body: (p) => [`ينتهي العرض لـ ${p.firstName} (${p.facility}، ابتداءً من ${p.start}) في ${p.deadline}.`, 'يرجى قبوله أو رفضه.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: انتهى العرض`,
    body: (p) => [`انتهى العرض لـ ${p.firstName} (${p.facility}) لعدم الرد حتى ${p.deadline}.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: تم سحب الاختيار`,
    body: (p) => [`لأنه تم قبول مكان لـ ${p.firstName}، تم سحب الاختيار ${p.facility}.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: تم تأكيد القبول`,
    body: (p) => [`أصبح مكان ${p.firstName} ملزماً: ${p.facility}، ابتداءً من ${p.start}.`, 'سترسل المنشأة العقد.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: تم نشر الملف`,
    body: (p) => [`تم نشر ملف ${p.facility} وأصبح مرئياً للعائلات.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: لم يُنشر الملف`,
    body: (p) => [`لم يُنشر ملف ${p.facility}. سبب الدائرة: ${p.reason}`, 'يمكنكم تعديله وتقديمه مرة أخرى.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: تنتهي رخصة الرعاية بعد 60 يوماً`,
    body: (p) => [`رخصة الرعاية لـ ${p.facility} سارية حتى ${p.deadline}.`, 'يرجى طلب التجديد في الوقت المناسب.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: انتهت رخصة الرعاية`,
    body: (p) => [`انتهت رخصة الرعاية لـ ${p.facility}؛ لم يعد الملف يظهر في البحث.`, 'يُنشر مجدداً مع رخصة سارية.'],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: طلب حجز جديد`,
    body: (p) => [`تم استلام طلب حجز جديد لـ ${p.facility}.`, 'سجّلوا الدخول لرؤية التفاصيل.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: ملخصكم لليوم`,
    body: (p) => {
      const c = p.counts;
      return [
        'ما ينتظركم اليوم:',
        `${c.submitted} طلبات حجز جديدة، ${c.inReview} قيد المراجعة،`,
        `${c.offersEnding} عروض تنتهي مهلتها خلال 3 أيام،`,
        `${c.conflicts} حالات قبول مزدوج مفتوحة، ${c.refused} رسائل تعذّر تسليمها (منذ الأمس).`,
      ];
    },
  },
};

const uk: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: вашу заявку отримано`,
    body: (p) => [`заявку для ${p.firstName} отримано.`, 'Стан заявки можна будь-коли переглянути на порталі.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: пропозиція місця`,
    body: (p) => [
      `для ${p.firstName} пропонується місце: ${p.facility}, з ${p.start}.`,
      `Будь ласка, дайте відповідь до ${p.deadline}; після цього пропозиція втрачає силу, і місце отримує наступна сім'я.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: нагадування – пропозиція закінчується через 3 дні`,
    body: (p) => [`пропозиція для ${p.firstName} (${p.facility}, з ${p.start}) закінчується ${p.deadline}.`, 'Будь ласка, прийміть або відхиліть її.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: пропозиція втратила силу`,
    body: (p) => [`пропозиція для ${p.firstName} (${p.facility}) втратила силу, бо до ${p.deadline} не було відповіді.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: вибір відкликано`,
    body: (p) => [`оскільки для ${p.firstName} прийнято місце, вибір ${p.facility} відкликано.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: згоду підтверджено`,
    body: (p) => [`місце для ${p.firstName} закріплено: ${p.facility}, з ${p.start}.`, 'Договір надішле заклад.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: профіль опубліковано`,
    body: (p) => [`профіль ${p.facility} опубліковано, він видимий для сімей.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: профіль не опубліковано`,
    body: (p) => [`профіль ${p.facility} не опубліковано. Обґрунтування відомства: ${p.reason}`, 'Ви можете його доопрацювати й подати знову.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: дозвіл на догляд спливає через 60 днів`,
    body: (p) => [`дозвіл на догляд для ${p.facility} дійсний до ${p.deadline}.`, 'Будь ласка, вчасно подайте заяву на продовження.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: дозвіл на догляд сплив`,
    body: (p) => [`дозвіл на догляд для ${p.facility} сплив; профіль більше не показується в пошуку.`, 'З дійсним дозволом його знову буде опубліковано.'],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: нова заявка`,
    body: (p) => [`для ${p.facility} надійшла нова заявка.`, 'Подробиці видно після входу.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: ваш огляд на сьогодні`,
    body: (p) => {
      const c = p.counts;
      return [
        'сьогодні на вас чекають:',
        `${c.submitted} нових заявок, ${c.inReview} на розгляді,`,
        `${c.offersEnding} пропозицій, строк яких спливає за 3 дні,`,
        `${c.conflicts} відкритих подвійних згод, ${c.refused} недоставлених повідомлень (з учора).`,
      ];
    },
  },
};

const ru: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: ваша заявка получена`,
    body: (p) => [`заявка для ${p.firstName} получена.`, 'Статус заявки можно в любое время посмотреть на портале.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: предложение места`,
    body: (p) => [
      `для ${p.firstName} предлагается место: ${p.facility}, с ${p.start}.`,
      `Пожалуйста, ответьте до ${p.deadline}; после этого предложение теряет силу, и место получает следующая семья.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: напоминание – предложение истекает через 3 дня`,
    body: (p) => [`предложение для ${p.firstName} (${p.facility}, с ${p.start}) истекает ${p.deadline}.`, 'Пожалуйста, примите или отклоните его.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: предложение истекло`,
    body: (p) => [`предложение для ${p.firstName} (${p.facility}) истекло, так как до ${p.deadline} не было ответа.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: выбор отозван`,
    body: (p) => [`так как для ${p.firstName} принято место, выбор ${p.facility} отозван.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: согласие подтверждено`,
    body: (p) => [`место для ${p.firstName} закреплено: ${p.facility}, с ${p.start}.`, 'Договор пришлёт учреждение.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: профиль опубликован`,
    body: (p) => [`профиль ${p.facility} опубликован и виден семьям.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: профиль не опубликован`,
    body: (p) => [`профиль ${p.facility} не опубликован. Обоснование ведомства: ${p.reason}`, 'Вы можете доработать его и подать снова.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: разрешение на уход истекает через 60 дней`,
    body: (p) => [`разрешение на уход для ${p.facility} действует до ${p.deadline}.`, 'Пожалуйста, своевременно подайте заявление на продление.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: разрешение на уход истекло`,
    body: (p) => [
      `разрешение на уход для ${p.facility} истекло; профиль больше не показывается в поиске.`,
      'С действующим разрешением он будет снова опубликован.',
    ],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: новая заявка`,
    body: (p) => [`для ${p.facility} поступила новая заявка.`, 'Подробности видны после входа.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: ваш обзор на сегодня`,
    body: (p) => {
      const c = p.counts;
      return [
        'сегодня вас ждут:',
        `${c.submitted} новых заявок, ${c.inReview} на рассмотрении,`,
        `${c.offersEnding} предложений, срок которых истекает через 3 дня,`,
        `${c.conflicts} открытых двойных согласий, ${c.refused} недоставленных сообщений (со вчера).`,
      ];
    },
  },
};

const pl: Texts = {
  RESERVATION_RECEIVED: {
    subject: (_p, m) => `${m}: wniosek został przyjęty`,
    body: (p) => [`wniosek dla ${p.firstName} został przyjęty.`, 'Status można w każdej chwili sprawdzić w portalu.'],
  },
  OFFER_MADE: {
    subject: (_p, m) => `${m}: oferta miejsca`,
    body: (p) => [
      `dla ${p.firstName} oferowane jest miejsce: ${p.facility}, od ${p.start}.`,
      `Prosimy o odpowiedź do ${p.deadline}; potem oferta wygasa, a miejsce otrzymuje następna rodzina.`,
    ],
  },
  OFFER_REMINDER: {
    subject: (_p, m) => `${m}: przypomnienie – oferta wygasa za 3 dni`,
    body: (p) => [`oferta dla ${p.firstName} (${p.facility}, od ${p.start}) wygasa ${p.deadline}.`, 'Prosimy ją przyjąć lub odrzucić.'],
  },
  OFFER_LAPSED: {
    subject: (_p, m) => `${m}: oferta wygasła`,
    body: (p) => [`oferta dla ${p.firstName} (${p.facility}) wygasła, ponieważ do ${p.deadline} nie było odpowiedzi.`],
  },
  CHOICE_WITHDRAWN_PLACED: {
    subject: (_p, m) => `${m}: wybór wycofany`,
    body: (p) => [`ponieważ dla ${p.firstName} przyjęto miejsce, wybór ${p.facility} został wycofany.`],
  },
  ZUSAGE_CONFIRMED: {
    subject: (_p, m) => `${m}: przyjęcie potwierdzone`,
    body: (p) => [`miejsce dla ${p.firstName} jest wiążące: ${p.facility}, od ${p.start}.`, 'Umowę prześle placówka.'],
  },
  PROFILE_PUBLISHED: {
    subject: (_p, m) => `${m}: profil opublikowany`,
    body: (p) => [`profil ${p.facility} został opublikowany i jest widoczny dla rodzin.`],
  },
  PROFILE_REJECTED: {
    subject: (_p, m) => `${m}: profil nie został opublikowany`,
    body: (p) => [`profil ${p.facility} nie został opublikowany. Uzasadnienie urzędu: ${p.reason}`, 'Można go poprawić i złożyć ponownie.'],
  },
  PERMIT_EXPIRING: {
    subject: (_p, m) => `${m}: zezwolenie na opiekę wygasa za 60 dni`,
    body: (p) => [`zezwolenie na opiekę dla ${p.facility} jest ważne do ${p.deadline}.`, 'Prosimy w porę złożyć wniosek o przedłużenie.'],
  },
  PERMIT_LAPSED: {
    subject: (_p, m) => `${m}: zezwolenie na opiekę wygasło`,
    body: (p) => [
      `zezwolenie na opiekę dla ${p.facility} wygasło; profil nie jest już widoczny w wyszukiwaniu.`,
      'Z ważnym zezwoleniem zostanie ponownie opublikowany.',
    ],
  },
  NEW_RESERVATION: {
    subject: (_p, m) => `${m}: nowy wniosek`,
    body: (p) => [`dla ${p.facility} wpłynął nowy wniosek.`, 'Szczegóły są widoczne po zalogowaniu.'],
  },
  OFFICE_DIGEST: {
    subject: (_p, m) => `${m}: Państwa przegląd na dziś`,
    body: (p) => {
      const c = p.counts;
      return [
        'dziś czekają na Państwa:',
        `${c.submitted} nowych wniosków, ${c.inReview} w rozpatrzeniu,`,
        `${c.offersEnding} ofert, których termin mija w ciągu 3 dni,`,
        `${c.conflicts} otwartych podwójnych przyjęć, ${c.refused} niedostarczonych wiadomości (od wczoraj).`,
      ];
    },
  },
};

const chrome: Record<NotificationLanguage, { hello: string; open: string; footer: (m: string) => string; child: string; facility: string }> = {
  de: {
    hello: 'Guten Tag,',
    open: 'Im Portal öffnen',
    footer: (m) => `Diese Nachricht sendet ${m}. Welche Nachrichten Sie erhalten, stellen Sie im Portal ein.`,
    child: 'Ihr Kind',
    facility: 'die Einrichtung',
  },
  en: {
    hello: 'Hello,',
    open: 'Open in the portal',
    footer: (m) => `This message is sent by ${m}. Choose which messages you get in the portal.`,
    child: 'your child',
    facility: 'the facility',
  },
  tr: {
    hello: 'Merhaba,',
    open: 'Portalda aç',
    footer: (m) => `Bu mesajı ${m} gönderiyor. Hangi mesajları alacağınızı portalda seçebilirsiniz.`,
    child: 'çocuğunuz',
    facility: 'kurum',
  },
  ar: {
    hello: 'مرحباً،',
    open: 'فتح في البوابة',
    footer: (m) => `هذه الرسالة مرسلة من ${m}. اختاروا الرسائل التي تصلكم في البوابة.`,
    child: 'طفلكم',
    facility: 'المنشأة',
  },
  uk: {
    hello: 'Добрий день,',
    open: 'Відкрити на порталі',
    footer: (m) => `Це повідомлення надсилає ${m}. Які повідомлення отримувати, можна вибрати на порталі.`,
    child: 'вашої дитини',
    facility: 'заклад',
  },
  ru: {
    hello: 'Здравствуйте,',
    open: 'Открыть на портале',
    footer: (m) => `Это сообщение отправляет ${m}. Какие сообщения получать, можно выбрать на портале.`,
    child: 'вашего ребёнка',
    facility: 'учреждение',
  },
  pl: {
    hello: 'Dzień dobry,',
    open: 'Otwórz w portalu',
    footer: (m) => `Tę wiadomość wysyła ${m}. Jakie wiadomości otrzymywać, można wybrać w portalu.`,
    child: 'dziecka',
    facility: 'placówka',
  },
};

const texts: Record<NotificationLanguage, Texts> = { de, en, tr, ar, uk, ru, pl };

/** A date as the recipient reads it (dd.mm.yyyy in German, the locale's short form elsewhere). */
function formatDate(day: string | undefined, language: NotificationLanguage): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? '';
  const date = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The mail of `kind` in `language`, plain and HTML, signed with the municipality's name. */
export function renderMail(kind: NotificationKind, language: NotificationLanguage, params: MailParams, municipality: string): RenderedMail {
  const frame = chrome[language];
  const values: Required<MailParams> = {
    firstName: params.firstName || frame.child,
    facility: params.facility || frame.facility,
    start: formatDate(params.start, language),
    deadline: formatDate(params.deadline, language),
    link: params.link ?? '',
    reason: params.reason ?? '',
    counts: params.counts ?? { submitted: 0, inReview: 0, offersEnding: 0, conflicts: 0, refused: 0 },
  };
  const text = texts[language][kind];
  const lines = text.body(values);
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  const plain = [
    frame.hello,
    '',
    ...lines,
    '',
    ...(values.link ? [`${frame.open}: ${values.link}`, ''] : []),
    '-- ',
    municipality,
    frame.footer(municipality),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}" dir="${dir}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(frame.hello)}</p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    values.link ? `<p><a href="${escapeHtml(values.link)}">${escapeHtml(frame.open)}</a></p>` : '',
    `<hr><p style="color:#555;font-size:0.9em"><strong>${escapeHtml(municipality)}</strong><br>${escapeHtml(frame.footer(municipality))}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: text.subject(values, municipality), text: plain, html };
}
