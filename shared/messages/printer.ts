// Texts of the acopio label printer (message keys under `printer.`): why a label did not print and
// what to do, the label's print state beside the acta, and the supervisor's reprint. The acta is
// received whether or not its label prints: every failure says so. Spread into the main
// catalogues: `{ ...esMX, ...esMXPrinter }`, `{ ...en, ...enPrinter }`.
export const esMXPrinter = {
  printer: {
    fail: {
      paperOut:
        'La impresora no tiene etiquetas (o cinta). Cargue un rollo y pulse «Reimprimir etiqueta». El acta ya quedó recibida.',
      headOpen:
        'El cabezal de la impresora está abierto. Ciérrelo hasta que haga clic y pulse «Reimprimir etiqueta». El acta ya quedó recibida.',
      paused:
        'La impresora está en pausa. Pulse su botón de pausa (o pida al supervisor reanudar la cola) y pulse «Reimprimir etiqueta». El acta ya quedó recibida.',
      offline:
        'La impresora no responde. Revise que esté encendida y conectada y pulse «Reimprimir etiqueta». El acta ya quedó recibida.',
      error:
        'La impresora reporta una falla (memoria o temperatura del cabezal). Avise al supervisor. El acta ya quedó recibida.',
      notConfigured: 'Esta estación no tiene impresora de etiquetas: el acopio sigue sin etiqueta.',
      interrupted:
        'La estación se detuvo mientras imprimía esta etiqueta. Si no salió, pulse «Reimprimir etiqueta»; si salió, no haga nada. El acta ya quedó recibida.',
    },
    job: {
      pending: 'Imprimiendo etiqueta…',
      printed: 'Etiqueta impresa',
      failed: 'Etiqueta sin imprimir',
    },
    action: {
      retry: 'Reimprimir etiqueta',
      reprint: 'Reimpresión (supervisor)',
    },
    reprint: {
      reasonRequired: 'Escriba el motivo de la reimpresión (queda en la bitácora).',
      supervisorOnly: 'La etiqueta de esta acta ya salió: solo un supervisor puede reimprimirla.',
      marked: 'La etiqueta sale marcada «REIMPRESIÓN».',
    },
    doctor: {
      title: 'Impresora de etiquetas',
    },
  },
};

export const enPrinter: typeof esMXPrinter = {
  printer: {
    fail: {
      paperOut:
        'The printer is out of labels (or ribbon). Load a roll and press “Print label again”. The acta is already received.',
      headOpen:
        'The printer head is open. Close it until it clicks and press “Print label again”. The acta is already received.',
      paused:
        'The printer is paused. Press its pause button (or ask the supervisor to resume the queue) and press “Print label again”. The acta is already received.',
      offline:
        'The printer does not answer. Check it is on and connected and press “Print label again”. The acta is already received.',
      error:
        'The printer reports a fault (memory or head temperature). Tell the supervisor. The acta is already received.',
      notConfigured: 'This station has no label printer: acopio goes on without a label.',
      interrupted:
        'The station stopped while this label was printing. If it did not come out, press “Print label again”; if it did, do nothing. The acta is already received.',
    },
    job: {
      pending: 'Printing label…',
      printed: 'Label printed',
      failed: 'Label not printed',
    },
    action: {
      retry: 'Print label again',
      reprint: 'Reprint (supervisor)',
    },
    reprint: {
      reasonRequired: 'Write the reason for the reprint (it goes into the audit log).',
      supervisorOnly: "This acta's label already came out: only a supervisor can reprint it.",
      marked: 'The label comes out marked “REIMPRESIÓN”.',
    },
    doctor: {
      title: 'Label printer',
    },
  },
};
