// Spanish (Mexico): the default language of the workstation. Every key here must exist in en.ts
// (a test checks both catalogues have the same keys).
import { esMXScanner } from './scanner';
import { esMXPlant } from './plant';
import { esMXReaders } from './readers';
import { esMXUps } from './ups';
import { esMXQuality } from './quality';
import { esMXTransmit } from './transmit';
import { esMXWorkflow } from './workflow';

const esMXCore = {
  app: {
    title: 'Estación CATD',
    subtitle: 'Programa de Resultados Electorales Preliminares',
    simulated: 'MODO SIMULADO',
  },
  login: {
    heading: 'Iniciar sesión',
    operatorId: 'Clave de operador',
    pin: 'PIN',
    submit: 'Entrar',
    working: 'Verificando…',
    hint: 'Escriba su clave y su PIN; pulse Intro para entrar.',
    error: {
      badCredentials: 'Clave o PIN incorrectos. Revise e intente de nuevo.',
      lockedCountdown:
        'Cuenta bloqueada por intentos fallidos. Podrá intentar de nuevo en {{time}}, o pida ayuda al supervisor.',
      lockOver: 'El bloqueo terminó: puede intentar de nuevo.',
      locked:
        'Cuenta bloqueada por intentos fallidos. Intente de nuevo a las {{until}} o pida ayuda al supervisor.',
      idRequired: 'Escriba su clave de operador.',
      idTooLong: 'La clave de operador es demasiado larga (máximo 32 caracteres).',
      idChars: 'La clave de operador solo admite letras, dígitos, punto, guion y guion bajo.',
      pinDigits: 'El PIN solo admite dígitos.',
      pinShort: 'El PIN tiene al menos 4 dígitos.',
      pinLong: 'El PIN tiene como máximo 12 dígitos.',
    },
  },
  auth: {
    error: {
      loginRequired: 'Su sesión terminó. Inicie sesión de nuevo.',
      sessionEnded:
        'La sesión de esta ventana terminó (la estación se reinició). Abra el enlace nuevo de la terminal (línea «UI:»).',
      inactive: 'La sesión se cerró por inactividad. Inicie sesión de nuevo.',
      supervisorOnly: 'Esta acción es solo para el supervisor.',
    },
  },
  error: {
    internal: 'Ocurrió un error interno en la estación. Quedó registrado; avise al supervisor.',
    badInput: 'Un dato no es válido. Revise lo que escribió.',
    network: 'La interfaz perdió contacto con el núcleo de la estación. Reintentando…',
  },
  home: {
    welcome: 'Sesión de {{name}}',
    role: { operador: 'Operador', supervisor: 'Supervisor' },
    logout: 'Cerrar sesión',
    language: 'English',
    shortcuts: 'Atajos: Alt+S cerrar sesión · Alt+I cambiar idioma',
    devices: 'Dispositivos y enlaces',
    since: 'desde {{time}}',
    auditHeading: 'Bitácora de auditoría',
    auditVerify: 'Verificar la cadena de la bitácora',
    auditOk: 'Bitácora íntegra: {{count}} entradas verificadas.',
    auditBroken: 'Bitácora alterada en la entrada {{seq}}: {{reason}}.',
    live: 'En vivo',
    stale: 'Sin actualizaciones del núcleo',
  },
  supervisor: {
    title: 'Consola del supervisor',
    open: 'Ctrl+Alt+S: consola del supervisor',
    id: 'Clave del supervisor',
    pin: 'PIN del supervisor',
    reason: 'Motivo (queda en la bitácora)',
    enter: 'Entrar como supervisor',
    elevated:
      'Supervisor: {{name}}. Cada acción pide un motivo y queda en la bitácora; al cerrar la consola termina el acceso.',
    exitKiosk: 'Salir del modo kiosco',
    cancel: 'Cancelar (Esc)',
    exiting: 'Saliendo del modo kiosco…',
    error: {
      badCredentials: 'Clave o PIN de supervisor incorrectos.',
      reasonShort: 'Escriba un motivo de al menos 5 caracteres.',
      reasonLong: 'El motivo es demasiado largo (máximo 500 caracteres).',
    },
  },
  update: {
    heading: 'Actualización del programa',
    available: 'Hay una actualización disponible: versión {{version}}.',
    none: 'No hay actualizaciones pendientes.',
    unsupported: 'Las actualizaciones se instalan solo en la estación (no en modo web).',
    approve: 'Aprobar e instalar la versión {{version}}',
    phase: {
      downloading: 'Descargando la actualización…',
      verifying: 'Verificando la firma de la actualización…',
      installing: 'Instalando: la estación se reiniciará.',
      rejected: 'Actualización rechazada: su firma no es del proyecto. No se instaló nada.',
      failed: 'La actualización falló. La versión actual sigue en uso.',
    },
    error: {
      busy: 'No se puede actualizar mientras se escanea o se envía un acta. Intente al terminar.',
      none: 'Esa actualización ya no está disponible.',
      noShell: 'En modo web no hay nada que actualizar.',
      signature: 'La firma de la actualización no es válida.',
      failed: 'No se pudo descargar o instalar la actualización.',
    },
  },
  doctor: {
    heading: 'Diagnóstico de la estación {{station}}',
    codeReader: 'Lector de códigos',
    reader: { connected: 'Conectado', disconnected: 'Desconectado' },
    simIntakeNote:
      'Nota: los enlaces «sim:intake» solo funcionan con npm start, que arranca el servidor de acopio simulado.',
    allOk: 'Todo en orden.',
    problems: '{{count}} elemento(s) con falla o sin conexión: revise los detalles de arriba.',
  },
  power: {
    banner: {
      battery:
        'Sin energía de la red: la estación funciona con la batería del UPS ({{runtime}}). El trabajo continúa.',
      critical:
        'Batería casi agotada ({{runtime}}): no se inician escaneos nuevos. Todo lo guardado está a salvo. Avise al supervisor.',
      plant: 'Sin energía de la red: la planta de emergencia alimenta la estación.',
      unknown:
        'No hay datos del UPS: revise su cable. Si se va la luz, la estación no podrá avisar a tiempo.',
      lowFuel: 'Combustible bajo en la planta: avise al supervisor.',
      runtime: 'autonomía {{minutes}} min',
      runtimeUnknown: 'autonomía desconocida',
    },
    refuse: {
      critical:
        'No se puede iniciar un escaneo: la batería está casi agotada. Espere a que vuelva la energía.',
    },
    shutdown: 'Apagado controlado de la estación',
    shuttingDown: 'Apagando: la base de datos quedó guardada.',
  },
  status: {
    label: {
      scanner: 'Escáner',
      ups: 'UPS',
      plant: 'Planta de emergencia',
      primary: 'Enlace primario',
      backup: 'Enlace de respaldo',
    },
    device: {
      ready: 'Listo',
      scanning: 'Escaneando',
      jammed: 'Atasco de papel',
      feeder_empty: 'Bandeja vacía',
      cover_open: 'Tapa abierta',
      disconnected: 'Desconectado',
      error: 'Error',
      online: 'En línea',
      on_battery: 'En batería',
      battery_low: 'Batería baja',
      replace_battery: 'Cambiar batería',
      overload: 'Sobrecarga',
      bypass: 'En bypass',
      fault: 'Falla',
      data_stale: 'Sin datos recientes',
      standby: 'En espera',
      starting: 'Arrancando',
      running: 'En marcha',
      alarm: 'Alarma',
      not_installed: 'No instalada',
    },
    link: {
      connected: 'Conectado',
      slow: 'Lento',
      offline: 'Sin conexión',
      not_intake: 'Responde otro servicio',
      not_configured: 'Sin configurar',
      checking: 'Comprobando…',
    },
    value: {
      chargePercent: 'Carga {{v}} %',
      runtimeSeconds: 'Autonomía {{v}} min',
      loadPercent: 'Consumo {{v}} %',
      sheetsInFeeder: '{{v}} hojas en bandeja',
      fuelPercent: 'Combustible {{v}} %',
      mainsVoltage: 'Red {{v}} V',
      latencyMs: 'Respuesta {{v}} ms',
    },
  },
  link: {
    error: {
      timeout: 'El centro de acopio no respondió a tiempo.',
      unreachable: 'No se alcanza el centro de acopio (red o servidor caído).',
      notIntake: 'Responde un servicio que no es el centro de acopio (¿portal cautivo o proxy?).',
      simNotRunning: 'El servidor de acopio simulado no está en marcha (use npm start).',
    },
  },
  nav: {
    label: 'Pantallas',
    home: 'Inicio',
    acopio: 'Acopio',
    scan: 'Digitalización',
    verify: 'Verificación',
    queue: 'Cola',
    dashboard: 'Tablero',
  },
  acopio: {
    title: 'Acopio: recibir un acta',
    readerHelp:
      'Pase el código QR de la etiqueta por el lector: la clave se captura sola. Sin lector, pulse F6 y escriba la clave dos veces.',
    typedHelp: 'Escriba la clave completa de la etiqueta dos veces (con las barras |). Con lector, pulse F6.',
    readerLabel: 'Clave del acta (lector de código)',
    typedLabel: 'Clave del acta',
    confirmLabel: 'Clave del acta otra vez',
    submit: 'Recibir',
    typeByHand: 'Escribir a mano',
    useReader: 'Usar el lector',
    receivedAt: 'Recibida',
    scanNow: 'Escanear ahora',
    outcome: {
      received: 'Acta recibida.',
      conflict: 'Clave repetida: el acta quedó EN CONFLICTO.',
      outOfCatalogue: 'Clave fuera de catálogo: el acta quedó retenida.',
    },
    conflictHelp:
      'Ya existe un acta con esta clave ({{display}}). No se reemplaza nada: aparte esta acta y llame al supervisor para que decida.',
    outOfCatalogueHelp:
      'Esta casilla no está en el catálogo cargado. Se recibió, pero no se transmitirá hasta que el supervisor la autorice. Puede escanearla mientras tanto.',
  },
  scan: {
    title: 'Digitalización',
    start: 'Escanear',
    rescan: 'Volver a escanear',
    toVerify: 'Ir a verificación',
    running: 'Escaneando…',
    step: {
      pageReceived: 'página {{n}} recibida',
      pageStored: 'página {{n}} guardada',
      pageChecked: 'página {{n}} revisada',
    },
    result: {
      digitalizada: 'Todas las páginas están bien. Pulse F9 para verificar.',
      rechazada:
        'Una o más páginas no pasaron la revisión. Corrija lo indicado y pulse F8 para volver a escanear.',
      fault: 'El escáner se detuvo. Las páginas recibidas se guardaron.',
      cancelled: 'El escaneo se canceló.',
      empty: 'El escáner no entregó ninguna página. Coloque el acta en el alimentador y pulse F8.',
      stale: 'El acta cambió durante el escaneo (¿supervisor?). Revise su estado.',
    },
    pageOk: 'Página {{n}}: bien',
    pageRejected: 'Página {{n}}: NO sirve',
    previewAlt: 'Imagen de la página {{n}}',
    identification: {
      unreadable: 'No se leyó el código QR: en la verificación capture la clave dos veces',
      invalid: 'El código QR no tiene una clave válida: en la verificación capture la clave dos veces',
      none: 'Sin código QR identificado: en la verificación capture la clave dos veces',
    },
    pickHelp: 'No hay un acta elegida. Reciba una en Acopio (Alt+1) o elíjala en la Cola (Alt+4).',
  },
  verify: {
    title: 'Verificación',
    integrity: 'Código de integridad SHA-256',
    page: 'página {{n}}',
    zoom: 'Acercamiento {{z}}×',
    pan: 'mover con las flechas o arrastrando',
    qrConfirmed: 'El código QR de la imagen confirma la clave del acta.',
    qrNotConfirmed: 'El código QR no confirmó la clave: escríbala dos veces antes de aceptar.',
    accept: 'Aceptar: legible y es el acta correcta',
    reject: 'Rechazar',
    reasonLabel: 'Motivo del rechazo',
    confirmReject: 'Rechazar con este motivo',
    done: 'Listo.',
    next: 'Siguiente acta',
    pickHelp: 'No hay un acta elegida. Elíjala en la Cola (Alt+4).',
  },
  queue: {
    title: 'Cola de actas',
    search: 'Buscar por clave',
    filter: 'Estado',
    all: 'Todos',
    total: '{{n}} actas',
    held: 'retenida',
    col: {
      acta: 'Acta',
      state: 'Estado',
      received: 'Recibida',
      link: 'Enlace usado',
      attempts: 'Intentos',
      lastError: 'Último error',
    },
  },
  dashboard: {
    title: 'Tablero',
    expected: 'Esperadas según el catálogo: {{n}}',
    noCatalogue: 'Sin catálogo cargado (las barras se comparan con las recibidas)',
    outOfCatalogue: '{{n}} fuera de catálogo',
    conflicts: '{{n}} en conflicto',
    stage: {
      received: 'Recibidas',
      digitised: 'Digitalizadas',
      verified: 'Verificadas',
      sent: 'Enviadas',
      acknowledged: 'Con acuse',
    },
    chart: 'Actas acumuladas a lo largo del tiempo',
    noData: 'Aún no hay actas.',
  },
};
/** Each capability keeps its own catalogue (scanner.ts, plant.ts...); this is the whole set. */
export const esMX = {
  ...esMXCore,
  ...esMXScanner,
  ...esMXPlant,
  ...esMXReaders,
  ...esMXUps,
  ...esMXQuality,
  ...esMXTransmit,
  ...esMXWorkflow,
};
export type CoreMessages = typeof esMXCore;
export type Messages = typeof esMX;
