# Fictional pan-European research backbone, hand-written in Internet Topology Zoo style.
# Node 17 (Luxembourg) has no coordinates on purpose; Amsterdam-Frankfurt has a parallel edge.
graph [
  DateObtained "1/01/24"
  GeoLocation "Europe"
  GeoExtent "Continent"
  Network "EuroLab"
  Provenance "Secondary"
  Access 0
  Source "altoplace test data (fictional)"
  Version "1.0"
  Type "REN"
  Backbone 1
  Commercial 0
  label "EuroLab"
  Customer 0
  IX 0
  Layer "IP"
  Creator "hand-written"
  Developed 1
  Transit 0
  NetworkDate "2024"
  Testbed 0
  node [
    id 0
    label "London"
    Country "United Kingdom"
    Longitude -0.12574
    Internal 1
    Latitude 51.50853
  ]
  node [
    id 1
    label "Paris"
    Country "France"
    Longitude 2.3488
    Internal 1
    Latitude 48.85341
  ]
  node [
    id 2
    label "Amsterdam"
    Country "Netherlands"
    Longitude 4.88969
    Internal 1
    Latitude 52.37403
  ]
  node [
    id 3
    label "Brussels"
    Country "Belgium"
    Longitude 4.34878
    Internal 1
    Latitude 50.85045
  ]
  node [
    id 4
    label "Frankfurt"
    Country "Germany"
    Longitude 8.68417
    Internal 1
    Latitude 50.11552
  ]
  node [
    id 5
    label "Zurich"
    Country "Switzerland"
    Longitude 8.55
    Internal 1
    Latitude 47.36667
  ]
  node [
    id 6
    label "Milan"
    Country "Italy"
    Longitude 9.18951
    Internal 1
    Latitude 45.46427
  ]
  node [
    id 7
    label "Madrid"
    Country "Spain"
    Longitude -3.70256
    Internal 1
    Latitude 40.4165
  ]
  node [
    id 8
    label "Lisbon"
    Country "Portugal"
    Longitude -9.13333
    Internal 1
    Latitude 38.71667
  ]
  node [
    id 9
    label "Marseille"
    Country "France"
    Longitude 5.38107
    Internal 1
    Latitude 43.29695
  ]
  node [
    id 10
    label "Vienna"
    Country "Austria"
    Longitude 16.37208
    Internal 1
    Latitude 48.20849
  ]
  node [
    id 11
    label "Prague"
    Country "Czech Republic"
    Longitude 14.42076
    Internal 1
    Latitude 50.08804
  ]
  node [
    id 12
    label "Berlin"
    Country "Germany"
    Longitude 13.41053
    Internal 1
    Latitude 52.52437
  ]
  node [
    id 13
    label "Copenhagen"
    Country "Denmark"
    Longitude 12.56553
    Internal 1
    Latitude 55.67594
  ]
  node [
    id 14
    label "Stockholm"
    Country "Sweden"
    Longitude 18.0649
    Internal 1
    Latitude 59.33258
  ]
  node [
    id 15
    label "Warsaw"
    Country "Poland"
    Longitude 21.01178
    Internal 1
    Latitude 52.22977
  ]
  node [
    id 16
    label "Dublin"
    Country "Ireland"
    Longitude -6.24889
    Internal 1
    Latitude 53.33306
  ]
  node [
    id 17
    label "Luxembourg"
    Country "Luxembourg"
    Internal 1
  ]
  edge [
    source 0
    target 1
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 0
    target 2
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 0
    target 16
    LinkSpeed "2.5"
    LinkLabel "2.5 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 2500000000.0
  ]
  edge [
    source 1
    target 3
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 1
    target 9
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 1
    target 7
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 1
    target 17
    id "e6"
  ]
  edge [
    source 2
    target 3
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 2
    target 4
    LinkSpeed "40"
    LinkLabel "40 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 40000000000.0
  ]
  edge [
    source 2
    target 4
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 2
    target 13
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 3
    target 17
    id "e11"
  ]
  edge [
    source 4
    target 17
    id "e12"
  ]
  edge [
    source 4
    target 5
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 4
    target 12
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 4
    target 11
    LinkSpeed "2.5"
    LinkLabel "2.5 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 2500000000.0
  ]
  edge [
    source 5
    target 6
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 6
    target 9
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 6
    target 10
    LinkSpeed "2.5"
    LinkLabel "2.5 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 2500000000.0
  ]
  edge [
    source 7
    target 8
    LinkSpeed "2.5"
    LinkLabel "2.5 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 2500000000.0
  ]
  edge [
    source 7
    target 9
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 10
    target 11
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 11
    target 12
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 12
    target 15
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 12
    target 13
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 13
    target 14
    LinkSpeed "10"
    LinkLabel "10 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 10000000000.0
  ]
  edge [
    source 10
    target 15
    LinkSpeed "2.5"
    LinkLabel "2.5 Gbps"
    LinkSpeedUnits "G"
    LinkSpeedRaw 2500000000.0
  ]
]
