/**
 * Fixed text of the simulated srsRAN Project gNB log that is not per-slot traffic: the startup
 * banner, the SIB1 dump (JSON without timestamps, as the DU manager prints it), the control
 * plane lines around a UE's attach and release, and the number formats of the metrics lines.
 */

/** A tag as srsRAN prints it: padded to 8 characters inside brackets. */
export function tag(name: string): string {
  return '[' + name.padEnd(8) + ']';
}

/**
 * What follows the timestamp up to the message or slot field: " [SCHED   ] [I] ", or
 * " [METRICS ] " without a level. Built once, as one flat string (lines are joined from
 * fewer pieces that way).
 */
export function tagField(name: string, level: string | null): string {
  const text = ` ${tag(name)} ` + (level === null ? '' : `[${level}] `);
  text.charCodeAt(0);
  return text;
}

/** Startup lines after the timestamp: [tag, level, text]. */
export const BANNER: readonly (readonly [string, string])[] = [
  ['GNB', 'Built in Release mode using commit 374200d on branch main'],
  ['ALL', 'Task worker "MAC-PCAP" started...'],
  ['ALL', 'Task worker "phy_prach#0" started...'],
  ['ALL', 'Task worker "up_phy_dl#0#0" started...'],
  ['ALL', 'Task worker "up_phy_dl#0#1" started...'],
  ['ALL', 'Task worker "lower_phy_ul#0" started...'],
  ['ALL', 'Task worker "lower_phy_dl#0" started...'],
  ['GNB', 'Connecting to AMF (127.0.1.100)..'],
  ['GNB', 'AMF connection established'],
  ['GNB', 'Starting CU-CP...'],
  ['NGAP', 'Sending NgSetupRequest'],
  ['GNB', 'CU-CP started successfully'],
  ['UDP-GW', 'UDP GW configured. rx_max_mmsg=256'],
  ['CU-UP', 'CU-UP starting...'],
  ['CU-CP', 'Added CU-UP 0'],
  ['CU-UP', 'CU-UP started successfully.'],
  ['GNB', 'Radio Unit created successfully'],
  ['DU', 'DU created successfully'],
  ['DU', 'Starting DU...'],
  ['DU-MNG', 'DU manager starting...'],
  ['CU-CP', 'Added DU 0'],
];

/** The SIB1 of a cell as the DU manager dumps it: pretty JSON, one value per line. */
export function sib1Dump(pci: number): string[] {
  const sib1 = {
    cellSelectionInfo: { 'q-RxLevMin': -70, 'q-QualMin': -20 },
    cellAccessRelatedInfo: {
      'plmn-IdentityInfoList': [
        {
          'plmn-IdentityList': [{ mcc: [0, 0, 1], mnc: [0, 1] }],
          trackingAreaCode: '000000000000000000000111',
          cellIdentity: (0x19b0 + pci).toString(2).padStart(36, '0'),
          cellReservedForOperatorUse: 'notReserved',
        },
      ],
    },
    servingCellConfigCommon: {
      downlinkConfigCommon: {
        frequencyInfoDL: {
          frequencyBandList: [{ freqBandIndicatorNR: 3 }],
          offsetToPointA: 13,
          'scs-SpecificCarrierList': [
            { offsetToCarrier: 0, subcarrierSpacing: 'kHz15', carrierBandwidth: 52 },
          ],
        },
      },
      'ss-PBCH-BlockPower': -16,
    },
  };
  return JSON.stringify(sib1, null, 2).split('\n');
}

/**
 * The RRC Setup a UE gets, as the RRC layer dumps it at debug level (JSON, no timestamps).
 */
export function rrcSetupDump(rrcTransactionId: number): string[] {
  const setup = {
    rrcTransactionIdentifier: rrcTransactionId,
    criticalExtensions: {
      rrcSetup: {
        radioBearerConfig: {
          'srb-ToAddModList': [{ 'srb-Identity': 1 }],
        },
        masterCellGroup: {
          cellGroupId: 0,
          'rlc-BearerToAddModList': [
            { logicalChannelIdentity: 1, servedRadioBearer: { 'srb-Identity': 1 } },
          ],
          'mac-CellGroupConfig': {
            'bsr-Config': { periodicBSR_Timer: 'sf10', retxBSR_Timer: 'sf80' },
            'phr-Config': { setup: { 'phr-PeriodicTimer': 'sf10', 'phr-ProhibitTimer': 'sf10' } },
          },
        },
      },
    },
  };
  return JSON.stringify(setup, null, 2).split('\n');
}

/**
 * A rate as srsRAN's metrics print it: three significant digits and an SI prefix, e.g.
 * "8.78k", "12.9M"; "0" for zero.
 */
export function engineering(value: number): string {
  if (value <= 0) return '0';
  let exponent = Math.min(3, Math.max(0, Math.floor(Math.log10(value) / 3)));
  let mantissa = Number((value / 1000 ** exponent).toPrecision(3));
  if (mantissa >= 1000 && exponent < 3) {
    mantissa = Number((mantissa / 1000).toPrecision(3));
    exponent++;
  }
  return String(mantissa) + ['', 'k', 'M', 'G'][exponent];
}

/** A CQI as the 4 bits of CSI part 1 the PHY prints for a one-port wideband report. */
export function cqiBits(cqi: number): string {
  return cqi.toString(2).padStart(4, '0');
}
