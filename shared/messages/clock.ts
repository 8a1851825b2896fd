// Messages about the station's clock (offset to the central, jumps), spread into the main
// catalogues (es-MX.ts, en.ts) like the other areas.
export const esMXClock = {
  clock: {
    label: 'Reloj',
    word: {
      behind: 'Atrasado {{minutes}} min',
      ahead: 'Adelantado {{minutes}} min',
      jumped: 'La hora cambió',
    },
    warning: {
      offset:
        'La hora de esta estación difiere {{minutes}} min de la del centro de acopio. Llame al supervisor para que corrija la hora del equipo.',
      jumped:
        'La hora del equipo cambió de golpe ({{seconds}} s). Quedó registrado en la bitácora; avise al supervisor.',
    },
  },
};

export const enClock: typeof esMXClock = {
  clock: {
    label: 'Clock',
    word: {
      behind: '{{minutes}} min behind',
      ahead: '{{minutes}} min ahead',
      jumped: 'Time changed',
    },
    warning: {
      offset:
        "This station's time is {{minutes}} min off the central's. Call the supervisor to correct the computer's time.",
      jumped:
        "The computer's time changed suddenly ({{seconds}} s). It was recorded in the audit log; tell the supervisor.",
    },
  },
};
