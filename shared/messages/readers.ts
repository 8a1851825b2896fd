// Messages of the code readers (QR / barcode guns): `reader.*` keys. Scans whose text is not an
// acta key use the `actaKey.error.*` keys of the main catalogue. es-MX.ts and en.ts spread
// these into the main catalogues.

export const esMXReaders = {
  reader: {
    state: {
      connected: 'Lector conectado',
      disconnected: 'Lector desconectado',
    },
    status: {
      connecting: 'Buscando el lector de códigos…',
    },
    error: {
      notFound: 'No se encuentra el lector de códigos. Conéctelo al puerto USB de la estación.',
      unplugged: 'Se desconectó el lector de códigos. Vuelva a conectarlo; se reconecta solo.',
      open: 'No se pudo abrir el lector de códigos. Desconéctelo y conéctelo de nuevo; si sigue, avise al soporte técnico.',
      internal: 'Error interno del lector de códigos. Quedó registrado; avise al soporte técnico.',
      tooLong:
        'La lectura es demasiado larga: quizá se leyeron dos etiquetas juntas. Lea de nuevo solo la etiqueta del acta.',
      garbled:
        'La lectura llegó dañada. Lea de nuevo la etiqueta; si se repite, revise la configuración del lector (distribución del teclado, velocidad).',
      incomplete: 'La lectura quedó incompleta. Lea de nuevo la etiqueta del acta.',
    },
  },
};

export const enReaders: typeof esMXReaders = {
  reader: {
    state: {
      connected: 'Reader connected',
      disconnected: 'Reader disconnected',
    },
    status: {
      connecting: 'Looking for the code reader…',
    },
    error: {
      notFound: 'The code reader is not there. Plug it into a USB port of the workstation.',
      unplugged: 'The code reader was disconnected. Plug it back in; it reconnects by itself.',
      open: 'Could not open the code reader. Unplug it and plug it back in; if that does not help, call technical support.',
      internal: 'Internal error in the code reader. It was logged; call technical support.',
      tooLong:
        'The scan is too long: two labels may have been read together. Scan only the acta label again.',
      garbled:
        'The scan arrived damaged. Scan the label again; if it repeats, check the reader settings (keyboard layout, speed).',
      incomplete: 'The scan was cut short. Scan the acta label again.',
    },
  },
};
