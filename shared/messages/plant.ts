// Messages of the emergency plant (generator) driver: `plant.*` keys. Each says what happened
// and what the operator should do. es-MX.ts and en.ts spread these into the main catalogues.

export const esMXPlant = {
  plant: {
    status: {
      connecting: 'Conectando con el controlador de la planta…',
    },
    state: {
      error: 'El controlador rechaza la lectura',
    },
    warning: {
      mainsAbsent: 'Sin energía de la red: la planta alimenta la estación. Vigile el combustible.',
      mainsAbsentNotRunning:
        'Sin energía de la red y la planta no ha arrancado: la estación está en el UPS. Avise al supervisor si no arranca en un minuto.',
      lowFuel: 'Combustible bajo en la planta. Avise al supervisor para reabastecerla.',
    },
    alarm: {
      shutdown: 'La planta se detuvo por una alarma. Avise al técnico de la planta.',
      electricalTrip: 'La planta se desconectó por una falla eléctrica. Avise al técnico de la planta.',
      warning: 'El controlador de la planta muestra una advertencia. Revise su pantalla o avise al técnico.',
      controlUnitFailure: 'Falla en el controlador de la planta. Avise al técnico de la planta.',
    },
    error: {
      noAnswer:
        'El controlador de la planta no responde. Revise el cable RS-485 y que el controlador esté encendido.',
      garbled:
        'Llegan datos dañados del controlador de la planta. Revise el cable, la velocidad (baudios) y la terminación de la línea.',
      busy: 'El controlador de la planta está ocupado y no contesta. Se reintenta solo.',
      illegalAddress:
        'El controlador no tiene los registros configurados. Revise el mapa de registros y el número de unidad.',
      illegalFunction:
        'El controlador no acepta el tipo de lectura configurado (función 3 o 4). Revise la configuración.',
      exception: 'El controlador rechazó la lectura. Revise la configuración de la planta.',
      unplugged: 'Se perdió el puerto serie de la planta (¿cable desconectado?). Reconectando…',
      portMissing: 'No se encuentra el puerto serie de la planta. Conecte el adaptador USB-RS485.',
      portDenied: 'Sin permiso para abrir el puerto serie de la planta. Avise al soporte técnico.',
      portBusy: 'Otro programa usa el puerto serie de la planta. Ciérrelo o avise al soporte técnico.',
      portOpen: 'No se pudo abrir el puerto serie de la planta. Reintentando…',
      internal: 'Error interno al leer la planta. Quedó registrado; avise al soporte técnico.',
    },
  },
};

export const enPlant: typeof esMXPlant = {
  plant: {
    status: {
      connecting: 'Connecting to the plant controller…',
    },
    state: {
      error: 'The controller refuses the reading',
    },
    warning: {
      mainsAbsent: 'Mains power is out: the plant is powering the station. Watch the fuel.',
      mainsAbsentNotRunning:
        'Mains power is out and the plant has not started: the station is on the UPS. Tell the supervisor if it does not start within a minute.',
      lowFuel: 'Plant fuel is low. Tell the supervisor to have it refuelled.',
    },
    alarm: {
      shutdown: 'The plant stopped on an alarm. Call the plant technician.',
      electricalTrip: 'The plant disconnected on an electrical fault. Call the plant technician.',
      warning: 'The plant controller shows a warning. Check its display or call the technician.',
      controlUnitFailure: 'The plant controller has failed. Call the plant technician.',
    },
    error: {
      noAnswer: 'The plant controller does not answer. Check the RS-485 cable and that the controller is on.',
      garbled:
        'Damaged data is arriving from the plant controller. Check the cable, the baud rate and line termination.',
      busy: 'The plant controller is busy and does not answer. Retrying automatically.',
      illegalAddress:
        'The controller does not have the configured registers. Check the register map and unit number.',
      illegalFunction:
        'The controller does not accept the configured read type (function 3 or 4). Check the configuration.',
      exception: 'The controller refused the reading. Check the plant configuration.',
      unplugged: 'The plant serial port was lost (cable unplugged?). Reconnecting…',
      portMissing: 'The plant serial port is not there. Plug in the USB-RS485 adapter.',
      portDenied: 'No permission to open the plant serial port. Call technical support.',
      portBusy: 'Another program is using the plant serial port. Close it or call technical support.',
      portOpen: 'Could not open the plant serial port. Retrying…',
      internal: 'Internal error while reading the plant. It was logged; call technical support.',
    },
  },
};
