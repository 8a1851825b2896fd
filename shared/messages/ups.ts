// Texts of the UPS drivers (message keys under `ups.`). Spread into the main catalogues:
// `{ ...esMX, ...esMXUps }` and `{ ...en, ...enUps }`. Each says what happened and what to do.
export const esMXUps = {
  ups: {
    error: {
      portUnavailable:
        'No se pudo abrir el puerto serie del UPS. Revise que el cable esté conectado y que el puerto configurado sea el correcto.',
      portLost:
        'Se perdió el puerto serie del UPS (cable desconectado). Reconecte el cable; se reintenta solo.',
      noAnswer: 'El UPS no responde. Revise el cable y que el UPS esté encendido; se reintenta solo.',
      garbled:
        'El UPS responde con datos ilegibles. Revise el cable y el protocolo configurado; se reintenta solo.',
      driverFailed:
        'Falla interna del controlador del UPS; quedó registrada. Se reintenta solo; avise al supervisor si persiste.',
      nutUnreachable:
        'No hay conexión con el servidor NUT del UPS. Revise que el servicio upsd esté activo y la dirección configurada.',
      nutConnectionLost: 'Se cortó la conexión con el servidor NUT del UPS. Se reintenta solo.',
      nutDataStale: 'El servidor NUT no tiene datos recientes del UPS. Revise el cable del UPS al servidor.',
      nutDriverNotConnected:
        'El servidor NUT no tiene comunicación con el UPS (su controlador está detenido). Revise el cable y el servicio NUT.',
      nutUnknownUps:
        'El servidor NUT no conoce el UPS configurado. Avise al supervisor para corregir el nombre del UPS.',
      nutAccessDenied:
        'El servidor NUT rechazó la consulta. Avise al supervisor para revisar los permisos de NUT.',
      hidNotFound: 'No se encuentra el UPS USB. Revise que el cable USB esté conectado; se reintenta solo.',
      hidNoAccess:
        'El UPS USB está conectado pero no se puede abrir. Avise al supervisor (permisos del dispositivo).',
      hidLost: 'Se desconectó el UPS USB. Reconecte el cable; se reintenta solo.',
    },
    event: {
      mains_lost: 'Se fue la luz: el equipo funciona con la batería del UPS. Termine la hoja en curso.',
      mains_restored: 'Regresó la energía eléctrica.',
      battery_low: 'Batería del UPS baja. Guarde su trabajo y no inicie un nuevo escaneo.',
      shutdown_imminent: 'El UPS está por apagarse. La estación se cerrará de forma segura.',
      communication_lost: 'Se perdió la comunicación con el UPS.',
      communication_restored: 'Se restableció la comunicación con el UPS.',
      data_stale: 'Los datos del UPS no están actualizados.',
      state_changed: 'Cambió el estado del UPS.',
    },
  },
};

export const enUps: typeof esMXUps = {
  ups: {
    error: {
      portUnavailable:
        'Could not open the UPS serial port. Check the cable is connected and the configured port is right.',
      portLost: 'The UPS serial port is gone (cable unplugged). Plug it back in; retrying on its own.',
      noAnswer: 'The UPS does not answer. Check the cable and that the UPS is on; retrying on its own.',
      garbled:
        'The UPS answers with unreadable data. Check the cable and the configured protocol; retrying on its own.',
      driverFailed:
        'The UPS driver hit an internal error; it was logged. Retrying; tell the supervisor if it persists.',
      nutUnreachable:
        'No connection to the UPS NUT server. Check the upsd service is running and the configured address.',
      nutConnectionLost: 'The connection to the UPS NUT server dropped. Retrying on its own.',
      nutDataStale:
        'The NUT server has no recent data from the UPS. Check the cable from the UPS to the server.',
      nutDriverNotConnected:
        'The NUT server cannot talk to the UPS (its driver is stopped). Check the cable and the NUT service.',
      nutUnknownUps:
        'The NUT server does not know the configured UPS. Ask the supervisor to fix the UPS name.',
      nutAccessDenied: 'The NUT server refused the query. Ask the supervisor to check the NUT permissions.',
      hidNotFound: 'The USB UPS is not found. Check the USB cable is connected; retrying on its own.',
      hidNoAccess: 'The USB UPS is connected but cannot be opened. Tell the supervisor (device permissions).',
      hidLost: 'The USB UPS was disconnected. Plug it back in; retrying on its own.',
    },
    event: {
      mains_lost: 'Power is out: the workstation runs on the UPS battery. Finish the current sheet.',
      mains_restored: 'Mains power is back.',
      battery_low: 'UPS battery low. Save your work and do not start a new scan.',
      shutdown_imminent: 'The UPS is about to shut down. The workstation will close safely.',
      communication_lost: 'Communication with the UPS was lost.',
      communication_restored: 'Communication with the UPS is back.',
      data_stale: 'The UPS data is not current.',
      state_changed: 'The UPS state changed.',
    },
  },
};
